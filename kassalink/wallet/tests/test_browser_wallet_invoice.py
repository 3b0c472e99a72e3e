"""In a real browser at 390 px: a shopper enters company details from a receipt, asks the
shop for an invoice, and downloads it and the simplified invoice."""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from kassalink.invoices.tests.conftest import fill_settings

from .conftest import make_webhook_connection
from .receipts_in_wallet import give

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(page, live_server, customer) -> None:
    client = Client()
    client.force_login(customer.user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_company_details_then_an_invoice_from_a_receipt(live_server, page, alice, carol):
    fill_settings(alice.organization)
    with transaction.atomic():  # the receipts import runs inside the caller's transaction
        entry = give(make_webhook_connection(alice)[0], carol)
    _signed_in(page, live_server, carol)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/portemonnee/bonnen/{entry.pk}/")
    page.get_by_test_id("company-link").click()
    assert _fits(page)
    page.get_by_label("Bedrijfsnaam").fill("Klusbedrijf Jansen")
    page.get_by_label("Straat en huisnummer").fill("Laan 5")
    page.get_by_label("Postcode").fill("3500 AA")
    page.get_by_label("Plaats").fill("Utrecht")
    page.get_by_label("Btw-id").fill("NL123456789B99")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_test_id("error-vat_id").wait_for()  # the check names the field
    page.get_by_label("Btw-id").fill("NL000099998B57")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Factuur aanvragen op naam van Klusbedrijf Jansen").click()
    page.get_by_test_id("invoice-pdf").wait_for()
    assert _fits(page)
    with page.expect_download() as invoice:
        page.get_by_test_id("invoice-pdf").click()
    assert invoice.value.suggested_filename.startswith("factuur-")
    with page.expect_download() as simplified:
        page.get_by_test_id("simplified-pdf").click()
    assert simplified.value.suggested_filename.startswith("vereenvoudigde-factuur-")
