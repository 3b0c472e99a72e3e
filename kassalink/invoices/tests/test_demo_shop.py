"""The demo bakery can issue a valid e-invoice straight after `kassalink demo --seed-only`."""

import datetime as dt

import pytest

from kassalink.demo.seed import seed_demo
from kassalink.invoices.actions import do_issue_invoice
from kassalink.invoices.cii import cii_xml
from kassalink.receipts.tests.sales import sale

from .conftest import ACME, NOON, store
from .einvoice_checks import schematron_failures, xsd_errors


@pytest.mark.django_db
def test_the_demo_shop_issues_valid_invoices_at_once():
    connection = seed_demo(8765)
    seed_demo(8765)  # seeding again keeps what the shop may have changed
    assert connection.organization.invoice_settings.missing() == []
    (receipt,) = store(connection, sale(NOON - dt.timedelta(days=1), marker=1))

    invoice, created = do_issue_invoice(connection.organization, [receipt.pk], ACME)

    assert created and invoice.number.endswith("-00001")
    xml = cii_xml(invoice)
    assert xsd_errors(xml) == [] and schematron_failures(xml) == []
