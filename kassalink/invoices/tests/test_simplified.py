"""A receipt of € 100 or less as a simplified invoice: seller, VAT id, lines, VAT, total."""

import io

import pytest
from pypdf import PdfReader

from kassalink.invoices.content import InvoiceError
from kassalink.invoices.simplified import simplified_invoice_pdf
from kassalink.receipts.tests.sales import bread, sale

from .conftest import NOON, store


def test_a_small_receipt_becomes_a_simplified_invoice(alice, two_sales):
    pdf = simplified_invoice_pdf(two_sales[0])

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Vereenvoudigde factuur" in text and "Bakkerij Alice B.V." in text
    assert "NL000099998B57" in text and "1-1-2026-41" in text
    assert "Oude kaas" in text and "21,70" in text and "1,79" in text


def test_over_100_euros_it_must_be_a_full_invoice(alice):
    (receipt,) = store(alice, sale(NOON, (bread("30"),), marker=9))  # € 118,50

    with pytest.raises(InvoiceError) as raised:
        simplified_invoice_pdf(receipt)

    assert raised.value.field == "receipt"


def test_the_shop_downloads_it_from_the_receipt_and_bob_cannot(alice, bob, two_sales):
    from .conftest import member_client

    url = f"/facturen/vereenvoudigd/{two_sales[0].pk}/"
    client = member_client(alice)
    page = client.get(f"/kassabonnen/{two_sales[0].pk}/").content.decode()

    assert url in page
    assert client.get(url)["Content-Type"] == "application/pdf"
    assert member_client(bob).get(url).status_code == 404
