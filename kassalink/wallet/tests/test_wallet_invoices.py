"""Self-service invoices from the wallet: company details entered once (VAT id checked by
the invoices app), any receipt turned into the shop's invoice under its own numbering
(asking twice gives the same one), the invoice linked from the receipt also when the shop
issued it, a simplified invoice for € 100 or less; only for one's own receipts."""

import pytest
from django.test import Client

from kassalink.invoices.actions import BuyerDetails, do_issue_invoice
from kassalink.invoices.models import Invoice, InvoiceSettings
from kassalink.invoices.tests.conftest import fill_settings
from kassalink.receipts.tests.sales import bread
from kassalink.wallet.models import Customer, CustomerCompany

from .conftest import make_webhook_connection
from .receipts_in_wallet import give

COMPANY = {
    "name": "Klusbedrijf Jansen",
    "street": "Laan 5",
    "postcode": "3500 AA",
    "city": "Utrecht",
    "country": "nl",
    "vat_id": "nl 0000.99998.b57",
    "kvk": "12345678",
    "email": "jansen@example.nl",
}


def signed_in(customer: Customer) -> Client:
    client = Client()
    client.force_login(customer.user)
    return client


@pytest.fixture
def shop(alice):
    fill_settings(alice.organization)
    return make_webhook_connection(alice)[0]


def with_company(customer: Customer) -> Client:
    client = signed_in(customer)
    response = client.post("/portemonnee/account/", COMPANY)
    assert response.status_code == 302
    return client


def test_company_details_are_checked_and_stored_once(carol):
    client = signed_in(carol)
    bad = client.post("/portemonnee/account/", {**COMPANY, "vat_id": "NL123456789B99"})
    assert bad.status_code == 400 and b'data-testid="error-vat_id"' in bad.content
    assert not CustomerCompany.objects.exists()
    client.post("/portemonnee/account/", COMPANY)
    company = CustomerCompany.objects.get(customer=carol)
    assert company.vat_id == "NL000099998B57" and company.country == "NL"
    assert b"Klusbedrijf Jansen" in client.get("/portemonnee/account/").content


def test_a_receipt_becomes_the_shops_invoice_once(carol, shop):
    entry = give(shop, carol)
    client = with_company(carol)
    page = client.get(f"/portemonnee/bonnen/{entry.pk}/").content.decode()
    assert "Factuur aanvragen op naam van Klusbedrijf Jansen" in page
    assert client.post(f"/portemonnee/bonnen/{entry.pk}/factuur/").status_code == 302
    assert client.post(f"/portemonnee/bonnen/{entry.pk}/factuur/").status_code == 302
    invoice = Invoice.objects.get()  # asked twice, one invoice
    assert invoice.organization == shop.organization and invoice.sequence == 1
    assert invoice.buyer.vat_id == "NL000099998B57"
    assert InvoiceSettings.objects.get(organization=shop.organization).last_sequence == 1
    page = client.get(f"/portemonnee/bonnen/{entry.pk}/").content.decode()
    assert f"Factuur {invoice.number} (PDF)" in page
    pdf = client.get(f"/portemonnee/bonnen/{entry.pk}/factuur/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert f"factuur-{invoice.number}.pdf" in pdf["Content-Disposition"]


def test_without_company_details_the_page_asks_for_them(carol, shop):
    entry = give(shop, carol)
    client = signed_in(carol)
    assert b'data-testid="company-link"' in client.get(f"/portemonnee/bonnen/{entry.pk}/").content
    response = client.post(f"/portemonnee/bonnen/{entry.pk}/factuur/")
    assert response.status_code == 400 and b"bedrijfsgegevens" in response.content
    assert not Invoice.objects.exists()


def test_a_shop_without_invoice_details_is_a_clear_error(carol, alice):
    entry = give(make_webhook_connection(alice)[0], carol)
    client = with_company(carol)
    response = client.post(f"/portemonnee/bonnen/{entry.pk}/factuur/")
    assert response.status_code == 400 and b"factuurgegevens" in response.content
    assert not Invoice.objects.exists()


def test_an_invoice_the_shop_made_on_the_dashboard_is_linked(carol, shop):
    entry = give(shop, carol)
    invoice, _new = do_issue_invoice(
        shop.organization, [entry.receipt_id], BuyerDetails(name="Acme B.V.", kvk="87654321")
    )
    client = signed_in(carol)
    assert (
        f"Factuur {invoice.number} (PDF)"
        in client.get(f"/portemonnee/bonnen/{entry.pk}/").content.decode()
    )
    assert client.get(f"/portemonnee/bonnen/{entry.pk}/factuur/pdf/").status_code == 200


def test_a_receipt_up_to_100_euro_downloads_as_a_simplified_invoice(carol, shop):
    small = give(shop, carol)
    large = give(shop, carol, lines=(bread("40"),))  # € 158
    client = signed_in(carol)
    assert b'data-testid="simplified-pdf"' in client.get(f"/portemonnee/bonnen/{small.pk}/").content
    pdf = client.get(f"/portemonnee/bonnen/{small.pk}/vereenvoudigde-factuur/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        b'data-testid="simplified-pdf"'
        not in client.get(f"/portemonnee/bonnen/{large.pk}/").content
    )
    assert client.get(f"/portemonnee/bonnen/{large.pk}/vereenvoudigde-factuur/").status_code == 400


def test_a_customer_only_invoices_their_own_receipts(carol, dave, shop):
    carols = give(shop, carol)
    daves = give(shop, dave)
    intruder = with_company(dave)
    assert intruder.post(f"/portemonnee/bonnen/{carols.pk}/factuur/").status_code == 404
    assert (
        intruder.get(f"/portemonnee/bonnen/{carols.pk}/vereenvoudigde-factuur/").status_code == 404
    )
    assert not Invoice.objects.exists()
    with_company(carol).post(f"/portemonnee/bonnen/{carols.pk}/factuur/")
    assert intruder.get(f"/portemonnee/bonnen/{carols.pk}/factuur/pdf/").status_code == 404
    assert intruder.get(f"/portemonnee/bonnen/{daves.pk}/factuur/pdf/").status_code == 404


def test_an_invoice_that_also_covers_someone_elses_receipt_is_not_shown(carol, dave, shop):
    carols, daves = give(shop, carol), give(shop, dave)
    do_issue_invoice(
        shop.organization, [carols.receipt_id, daves.receipt_id], BuyerDetails(name="Acme B.V.")
    )
    client = signed_in(carol)
    assert (
        b'data-testid="invoice-pdf"' not in client.get(f"/portemonnee/bonnen/{carols.pk}/").content
    )
    assert client.get(f"/portemonnee/bonnen/{carols.pk}/factuur/pdf/").status_code == 404
