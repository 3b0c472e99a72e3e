"""What the wallet calls when a shopper turns one of their receipts into an invoice:
`invoice_for_customer`, under the shop's own numbering, the VAT id checked."""

import pytest

from kassalink.invoices.actions import BuyerDetails, invoice_for_customer
from kassalink.invoices.content import InvoiceError

COMPANY = BuyerDetails(
    name="Klusbedrijf Jansen",
    street="Laan 5",
    postcode="3500 AA",
    city="Utrecht",
    vat_id="nl 0000.99998.b57",
    kvk="12345678",
    email="jansen@example.nl",
)


def test_a_shopper_gets_the_shops_invoice_for_their_receipt(alice, two_sales):
    invoice = invoice_for_customer(two_sales[0], COMPANY, language="en")

    assert invoice.organization == alice.organization and invoice.number == "2026-00001"
    assert invoice.content["buyer"]["vat_id"] == "NL000099998B57"
    assert invoice.language == "en" and invoice.buyer.name == "Klusbedrijf Jansen"


def test_asking_twice_gives_the_same_invoice(alice, two_sales):
    first = invoice_for_customer(two_sales[0], COMPANY)

    assert invoice_for_customer(two_sales[0], COMPANY).pk == first.pk


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"vat_id": "NL123456789B99"}, "buyer.vat_id"),
        ({"kvk": "123"}, "buyer.kvk"),
        ({"name": " "}, "buyer.name"),
    ],
)
def test_wrong_company_details_name_the_field(alice, two_sales, change, field):
    details = BuyerDetails(**{**COMPANY.__dict__, **change})

    with pytest.raises(InvoiceError) as raised:
        invoice_for_customer(two_sales[0], details)

    assert raised.value.field == field
