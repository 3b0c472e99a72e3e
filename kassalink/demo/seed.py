"""The demo shop: an owner, an operator, an active connection to the local simulator, and
the shop's staff with their mapping and roster (kassalink.demo.staff).

Seeding is idempotent, so `make demo` can run again on the same database.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kassalink.accounts.models import Membership, Organization
from kassalink.connections.models import Connection
from kassalink.insights.models import TurnoverSettings
from kassalink.invoices.models import InvoiceSettings
from kassalink.workforce.models import Department, Team

from .staff import StaffSummary, seed_staff


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    password: str


OWNER = Login("winkeleigenaar", "eigenaar@bakkerij-demo.nl", "demo-eigenaar")
OPERATOR = Login("beheerder (operator)", "beheer@kassalink.local", "demo-beheer")
# A second shop without a link, to walk through Aanvragen → set up → test → activate.
NEW_SHOP_OWNER = Login("nieuwe winkel", "eigenaar@fietsen-demo.nl", "demo-fietsen")
DEPARTMENTS = {"Winkel": ["Kassa", "Vulploeg"], "Bakkerij": ["Ochtend"]}


def _user(login: Login, *, staff: bool):
    user, _ = get_user_model().objects.get_or_create(
        username=login.username, defaults={"email": login.username}
    )
    user.email = login.username
    user.is_staff = staff
    user.set_password(login.password)
    user.save()
    return user


@dataclass(frozen=True)
class DemoShop:
    connection: Connection
    staff: StaffSummary


def seed_demo(simulator_port: int, start: datetime | None = None) -> Connection:
    """Create (or refresh) the demo shop; returns its connection to the simulator."""
    return seed_demo_shop(simulator_port, start).connection


@transaction.atomic
def seed_demo_shop(simulator_port: int, start: datetime | None = None) -> DemoShop:
    """The demo shop, its staff planned from the simulator that starts at `start` (now if
    None; `kassalink demo` gives the simulator the same moment)."""
    org, _ = Organization.objects.get_or_create(
        slug="bakkerij-demo", defaults={"name": "Bakkerij De Korenschoof"}
    )
    owner = _user(OWNER, staff=False)
    Membership.objects.update_or_create(
        organization=org, user=owner, defaults={"role": Membership.Role.OWNER}
    )
    _user(OPERATOR, staff=True)
    teams = {}
    for department_name, team_names in DEPARTMENTS.items():
        department, _ = Department.objects.get_or_create(organization=org, name=department_name)
        for team_name in team_names:
            teams[team_name], _ = Team.objects.get_or_create(
                organization=org, department=department, name=team_name
            )
    connection = Connection.objects.filter(organization=org, name="Winkel Centrum").first()
    if connection is None:
        connection = Connection(organization=org, name="Winkel Centrum")
    connection.host = "127.0.0.1"
    connection.port = simulator_port
    connection.scheme = "http"
    connection.ident = "demo"
    connection.secret = "demo"  # noqa: S105 (the simulator's published demo secret)
    connection.import_notification_email = OWNER.username
    connection.turnover_notification_email = OWNER.username
    connection.status = Connection.Status.ACTIVE
    connection.activated_at = connection.activated_at or timezone.now()
    connection.save()
    # The Omzet tab, set for the bakery: turnover incl. btw under the Kassa team.
    TurnoverSettings.objects.update_or_create(
        connection=connection,
        defaults={
            "organization": org,
            "enabled": True,
            "includes_vat": True,
            "team": teams["Kassa"],
        },
    )
    staff = seed_staff(org, connection, teams, start or timezone.now())
    _seed_invoice_settings(org)
    _seed_shop_without_link()
    from .wallet import seed_customer

    seed_customer()
    return DemoShop(connection, staff)


def _seed_invoice_settings(org: Organization) -> None:
    """The bakery's details on invoices, so it can issue valid e-invoices at once. The VAT
    id is the Belastingdienst's published test number and the IBAN a textbook example."""
    InvoiceSettings.objects.get_or_create(
        organization=org,
        defaults={
            "legal_name": "Bakkerij De Korenschoof B.V.",
            "street": "Korenmarkt 12",
            "postcode": "3512 AB",
            "city": "Utrecht",
            "country": "NL",
            "kvk": "90000001",
            "vat_id": "NL000099998B57",
            "iban": "NL91ABNA0417164300",
            "email": "administratie@bakkerij-demo.nl",
            "phone": "030 123 45 67",
            "payment_terms": "Betaald aan de kassa.",
        },
    )


def _seed_shop_without_link() -> None:
    org, _ = Organization.objects.get_or_create(
        slug="fietsen-demo", defaults={"name": "Fietsenmaker De Spaak"}
    )
    owner = _user(NEW_SHOP_OWNER, staff=False)
    Membership.objects.update_or_create(
        organization=org, user=owner, defaults={"role": Membership.Role.OWNER}
    )
