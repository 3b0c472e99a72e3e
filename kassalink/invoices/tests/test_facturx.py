"""The invoice's Factur-X XML passes the official schema and the EN 16931 rules, and is
embedded in a PDF/A-3 whose text shows the totals."""

import io
import struct
import zlib

from pypdf import PdfReader

from kassalink.invoices.actions import do_issue_credit_note, do_issue_invoice
from kassalink.invoices.cii import cii_xml
from kassalink.invoices.render import invoice_pdf
from kassalink.receipts.tests.sales import bread, credit, sale

from .conftest import ACME, NOON, store
from .einvoice_checks import schematron_failures, xsd_errors


def test_the_xml_is_valid_en16931(alice, two_sales):
    invoice, _ = do_issue_invoice(alice.organization, [r.pk for r in two_sales], ACME)

    xml = cii_xml(invoice)

    assert xsd_errors(xml) == []
    assert schematron_failures(xml) == []


def test_the_pdf_carries_the_xml_and_shows_the_totals(alice, two_sales):
    invoice, _ = do_issue_invoice(alice.organization, [r.pk for r in two_sales], ACME)

    pdf = invoice_pdf(invoice)

    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments["factur-x.xml"][0] == cii_xml(invoice)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert invoice.number in text and "Acme B.V." in text and "Bakkerij Alice B.V." in text
    assert "25,65" in text  # 2 × 3,95 + 0,750 × 18,40 + 3,95


def test_the_rules_do_catch_a_wrong_total(alice, two_sales):
    invoice, _ = do_issue_invoice(alice.organization, [two_sales[0].pk], ACME)
    xml = cii_xml(invoice)
    wrong = xml.replace(b"<ram:GrandTotalAmount>21.70", b"<ram:GrandTotalAmount>21.71")
    assert wrong != xml

    assert any("BR-CO-15" in failure for failure in schematron_failures(wrong))


def test_a_credit_note_refers_to_the_invoice_it_credits_and_is_valid(alice, two_sales):
    original = sale(NOON, (bread("2"),), marker=50)
    (receipt,) = store(alice, original)
    invoice, _ = do_issue_invoice(alice.organization, [receipt.pk], ACME)
    (returned,) = store(alice, credit(original, NOON, 51))

    note = do_issue_credit_note(returned)

    assert note.type_code == "381" and note.credited_invoice == invoice
    xml = cii_xml(note)
    assert b"<ram:TypeCode>381</ram:TypeCode>" in xml
    assert f"<ram:IssuerAssignedID>{invoice.number}</ram:IssuerAssignedID>".encode() in xml
    assert note.gross_cents == invoice.gross_cents > 0
    assert xsd_errors(xml) == [] and schematron_failures(xml) == []


def png(width: int = 2, height: int = 1) -> bytes:
    """A small valid PNG, built here rather than shipped as a file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = b"".join(b"\x00" + b"\x0b\x6e\x4f" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


def test_the_pdf_declares_pdfa3_and_factur_x_and_carries_the_logo(alice, two_sales):
    settings = alice.organization.invoice_settings
    settings.logo, settings.logo_type = png(), "png"
    settings.save()
    invoice, _ = do_issue_invoice(alice.organization, [two_sales[0].pk], ACME)

    reader = PdfReader(io.BytesIO(invoice_pdf(invoice)))

    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part>3<" in xmp or 'pdfaid:part="3"' in xmp
    assert "EN 16931" in xmp and "factur-x.xml" in xmp
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1


def test_a_damaged_logo_leaves_the_logo_out_instead_of_failing(alice, two_sales):
    settings = alice.organization.invoice_settings
    settings.logo, settings.logo_type = png()[:-9] + b"damaged!!", "png"
    settings.save()
    invoice, _ = do_issue_invoice(alice.organization, [two_sales[0].pk], ACME)

    reader = PdfReader(io.BytesIO(invoice_pdf(invoice)))

    assert invoice.number in reader.pages[0].extract_text()
