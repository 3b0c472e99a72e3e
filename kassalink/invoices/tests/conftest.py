"""Alice's bakery with its invoice details filled in, receipts from her till, and Bob."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client

from kassalink.accounts.models import Membership
from kassalink.accounts.tests.fixtures import make_user
from kassalink.invoices.actions import BuyerDetails
from kassalink.invoices.models import InvoiceSettings
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.models import Receipt
from kassalink.receipts.tests.sales import AMS, bread, cheese, sale
from kassalink.tests.pos_fixtures import make_shop

NOON = dt.datetime(2026, 12, 1, 12, 4, tzinfo=AMS)


def fill_settings(organization, **changes) -> InvoiceSettings:
    values = {
        "legal_name": "Bakkerij Alice B.V.",
        "street": "Dorpsstraat 1",
        "postcode": "1234 AB",
        "city": "Utrecht",
        "country": "NL",
        "kvk": "12345678",
        "vat_id": "NL000099998B57",
        "iban": "NL91ABNA0417164300",
        "email": "factuur@alice.example",
        **changes,
    }
    return InvoiceSettings.objects.create(organization=organization, **values)


ACME = BuyerDetails(
    name="Acme B.V.",
    street="Kerkstraat 2",
    postcode="5678 CD",
    city="Amsterdam",
    country="NL",
    vat_id="NL000099998B57",
    kvk="87654321",
    email="inkoop@acme.example",
)


@pytest.fixture
def alice(db):
    """Alice's bakery (a connection), its invoice details filled in."""
    connection = make_shop("alice", "Bakkerij Alice")
    fill_settings(connection.organization)
    return connection


@pytest.fixture
def bob(db):
    connection = make_shop("bob", "Slijterij Bob")
    fill_settings(connection.organization, legal_name="Slijterij Bob B.V.")
    return connection


def store(connection, *sales) -> list[Receipt]:
    """Import `sales` through the real importer; the stored receipts in order."""
    with transaction.atomic():  # as the sync runs it, together with its cursor
        import_receipts(connection, sales)
    markers = [s.sync_marker for s in sales]
    rows = Receipt.objects.filter(connection=connection, sync_marker__in=markers)
    return sorted(rows, key=lambda r: markers.index(r.sync_marker))


@pytest.fixture
def two_sales(alice):
    return store(
        alice,
        sale(NOON, (bread("2"), cheese("0.750")), marker=41),
        sale(NOON + dt.timedelta(hours=2), (bread("1"),), marker=42),
    )


def member_client(connection, email: str | None = None) -> Client:
    """A test client signed in as a manager of the connection's shop."""
    organization = connection.organization
    user = make_user(email or f"manager@{organization.slug}.example")
    Membership.objects.create(organization=organization, user=user, role=Membership.Role.MANAGER)
    client = Client()
    client.force_login(user)
    return client
