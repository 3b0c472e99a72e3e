"""The same invoice as UBL (Peppol BIS Billing 3.0): valid UBL 2.1 and EN 16931."""

from lxml import etree

from kassalink.invoices.actions import do_issue_credit_note, do_issue_invoice
from kassalink.invoices.ubl import ubl_xml
from kassalink.receipts.tests.sales import bread, credit, sale

from .conftest import ACME, NOON, store
from .einvoice_checks import UBL_SCHEMATRON, schematron_failures, ubl_xsd_errors

CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"


def test_an_invoice_is_valid_ubl_and_en16931(alice, two_sales):
    invoice, _ = do_issue_invoice(alice.organization, [r.pk for r in two_sales], ACME)

    xml = ubl_xml(invoice)

    assert ubl_xsd_errors(xml) == []
    assert schematron_failures(xml, UBL_SCHEMATRON) == []
    root = etree.fromstring(xml)
    assert root.findtext(f"{CBC}ID") == invoice.number
    assert "peppol" in root.findtext(f"{CBC}CustomizationID")


def test_a_credit_note_is_a_ubl_credit_note_referring_to_the_invoice(alice):
    original = sale(NOON, (bread("3"),), marker=60)
    (receipt,) = store(alice, original)
    invoice, _ = do_issue_invoice(alice.organization, [receipt.pk], ACME)
    (returned,) = store(alice, credit(original, NOON, 61))
    note = do_issue_credit_note(returned)

    xml = ubl_xml(note)

    assert etree.QName(etree.fromstring(xml)).localname == "CreditNote"
    assert ubl_xsd_errors(xml) == []
    assert schematron_failures(xml, UBL_SCHEMATRON) == []
    assert f"<cbc:ID>{invoice.number}</cbc:ID>".encode() in xml


def test_the_ubl_rules_do_catch_a_wrong_amount_due(alice, two_sales):
    invoice, _ = do_issue_invoice(alice.organization, [two_sales[0].pk], ACME)
    wrong = ubl_xml(invoice).replace(
        b'<cbc:PayableAmount currencyID="EUR">0.00', b'<cbc:PayableAmount currencyID="EUR">1.00'
    )

    assert any("BR-CO-16" in failure for failure in schematron_failures(wrong, UBL_SCHEMATRON))
