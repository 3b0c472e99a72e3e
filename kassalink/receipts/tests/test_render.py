"""The receipt as a PDF: it opens, and a reader finds the shop, every line and the totals."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from kassalink.receipts.imports import import_receipts
from kassalink.receipts.models import Receipt
from kassalink.receipts.render import amount, receipt_pdf

from .sales import AMS, bread, cheese, credit, sale

NOON = dt.datetime(2026, 12, 1, 16, 51, tzinfo=AMS)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def stored(connection, *receipts) -> list[Receipt]:
    import_receipts(connection, receipts)
    return list(Receipt.objects.order_by("sync_marker"))


def test_the_pdf_holds_shop_lines_vat_payment_and_total(alice):
    (receipt,) = stored(alice, sale(NOON, (bread("2"), cheese("0.750")), marker=41))

    pdf = receipt_pdf(receipt)

    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Bakkerij Alice" in text
    assert "Kassabon" in text and "1-1-2026-41" in text
    assert "1 dec 2026 16:51" in text
    assert "Volkorenbrood" in text and "2 × 3,95" in text and "7,90" in text
    assert "Oude kaas" in text and "0,750 × 18,40" in text and "13,80" in text
    assert "Totaal" in text and "21,70" in text
    group = receipt.vat_groups.get()
    assert amount(group.amount_vat_cents, "nl") in text and "9 %" in text
    assert "Pinpas" in text
    assert "T-41" in text


def test_in_english_the_labels_and_numbers_are_english(alice):
    (receipt,) = stored(alice, sale(NOON, (bread("2"),), marker=41))

    text = pdf_text(receipt_pdf(receipt, "en"))

    assert "Receipt" in text and "Total" in text and "Kassabon" not in text
    assert "7.90" in text and "1 Dec 2026 16:51" in text


def test_a_credit_receipt_says_so_and_names_the_receipt_it_returns(alice):
    original = sale(NOON, (bread(),), marker=41)
    _, returned = stored(alice, original, credit(original, NOON + dt.timedelta(days=1), 42))

    text = pdf_text(receipt_pdf(returned))

    assert "Creditbon" in text and "1-1-2026-41" in text and "-3,95" in text


def test_text_on_a_receipt_is_printed_not_typeset(alice):
    line = bread()._replace(description='#panic("x") *vet* $x$ ] [')
    (receipt,) = stored(alice, sale(NOON, (line,), marker=41))

    assert '#panic("x") *vet* $x$ ] [' in pdf_text(receipt_pdf(receipt))


def test_an_unknown_language_is_refused(alice):
    (receipt,) = stored(alice, sale(NOON, marker=41))

    with pytest.raises(ValueError, match="language"):
        receipt_pdf(receipt, "de")


@pytest.mark.parametrize(
    ("cents", "nl", "en"),
    [
        (0, "0,00", "0.00"),
        (5, "0,05", "0.05"),
        (-395, "-3,95", "-3.95"),
        (1234567, "12.345,67", "12,345.67"),
    ],
)
def test_amounts_are_written_from_cents(cents, nl, en):
    assert (amount(cents, "nl"), amount(cents, "en")) == (nl, en)
