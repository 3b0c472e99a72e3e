"""The invoice as UBL 2.1 in the Peppol BIS Billing 3.0 customization (what NLCIUS and
Dutch accounting software read), from the same stored content as the Factur-X XML.
A credit note is a UBL CreditNote document."""

from __future__ import annotations

from typing import Any

from lxml import etree

from .cii import KVK_SCHEME, euros, percent, unit_price
from .models import Invoice

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ROOTS = {
    "380": ("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice"),
    "381": ("urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2", "CreditNote"),
}
PEPPOL = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PEPPOL_PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
VAT_SCHEME = "9944"  # Peppol endpoint scheme for a Dutch VAT id


def _add(parent: etree._Element, tag: str, text: str | None = None, **attrs: str):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{CAC if prefix == 'cac' else CBC}}}{name}", attrs)
    if text is not None:
        element.text = text
    return element


def _money(parent: etree._Element, tag: str, cents: int) -> None:
    _add(parent, tag, euros(cents), currencyID="EUR")


def ubl_xml(invoice: Invoice) -> bytes:
    """Peppol BIS Billing 3.0 UBL of `invoice`, UTF-8."""
    c = invoice.content
    credit = invoice.type_code == Invoice.TypeCode.CREDIT_NOTE
    namespace, root_name = ROOTS[invoice.type_code]
    root = etree.Element(
        f"{{{namespace}}}{root_name}", nsmap={None: namespace, "cac": CAC, "cbc": CBC}
    )
    _add(root, "cbc:CustomizationID", PEPPOL)
    _add(root, "cbc:ProfileID", PEPPOL_PROFILE)
    _add(root, "cbc:ID", invoice.number)
    _add(root, "cbc:IssueDate", invoice.issue_date.isoformat())
    _add(root, "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode", invoice.type_code)
    receipts = ", ".join(r["number"] for r in c["receipts"])
    _add(root, "cbc:Note", f"Kassabon(nen) / receipt(s): {receipts}")
    _add(root, "cbc:DocumentCurrencyCode", "EUR")
    _add(root, "cbc:BuyerReference", invoice.reference or invoice.number)
    if c["period"]:
        period = _add(root, "cac:InvoicePeriod")
        _add(period, "cbc:StartDate", c["period"][0][:10])
        _add(period, "cbc:EndDate", c["period"][-1][:10])
    if invoice.reference:
        order = _add(root, "cac:OrderReference")
        _add(order, "cbc:ID", invoice.reference)
    if credit:
        billing = _add(root, "cac:BillingReference")
        referenced = _add(billing, "cac:InvoiceDocumentReference")
        _add(referenced, "cbc:ID", c["credited"]["number"])
        _add(referenced, "cbc:IssueDate", c["credited"]["date"])
    for receipt in c["receipts"]:
        document = _add(root, "cac:AdditionalDocumentReference")
        _add(document, "cbc:ID", receipt["number"])
        _add(document, "cbc:DocumentDescription", f"Kassabon {receipt['transaction']}".strip())
    _party(_add(root, "cac:AccountingSupplierParty"), c["seller"])
    _party(_add(root, "cac:AccountingCustomerParty"), c["buyer"])
    if c["period"]:
        delivery = _add(root, "cac:Delivery")
        _add(delivery, "cbc:ActualDeliveryDate", c["period"][-1][:10])
    if c["payments"]:
        largest = max(c["payments"], key=lambda p: abs(p["amount_cents"]))
        means = _add(root, "cac:PaymentMeans")
        descriptions = ", ".join(p["description"] for p in c["payments"])
        _add(means, "cbc:PaymentMeansCode", largest["means_code"], name=descriptions)
        _add(means, "cbc:PaymentID", invoice.number)
    terms = _add(root, "cac:PaymentTerms")
    _add(terms, "cbc:Note", c["seller"]["payment_terms"] or "Betaald / paid")
    _taxes(root, invoice)
    totals = _add(root, "cac:LegalMonetaryTotal")
    _money(totals, "cbc:LineExtensionAmount", sum(line["net_cents"] for line in c["lines"]))
    _money(totals, "cbc:TaxExclusiveAmount", invoice.net_cents)
    _money(totals, "cbc:TaxInclusiveAmount", invoice.gross_cents)
    _money(totals, "cbc:PrepaidAmount", invoice.gross_cents)  # paid at the till
    _money(totals, "cbc:PayableAmount", 0)
    for position, line in enumerate(c["lines"], 1):
        _line(root, position, line, credit)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _party(holder: etree._Element, party: dict[str, Any]) -> None:
    element = _add(holder, "cac:Party")
    if party.get("kvk"):
        _add(element, "cbc:EndpointID", party["kvk"], schemeID=KVK_SCHEME)
    elif party.get("vat_id"):
        _add(element, "cbc:EndpointID", party["vat_id"], schemeID=VAT_SCHEME)
    address = _add(element, "cac:PostalAddress")
    if party.get("street"):
        _add(address, "cbc:StreetName", party["street"])
    if party.get("city"):
        _add(address, "cbc:CityName", party["city"])
    if party.get("postcode"):
        _add(address, "cbc:PostalZone", party["postcode"])
    country = _add(address, "cac:Country")
    _add(country, "cbc:IdentificationCode", party["country"])
    if party.get("vat_id"):
        tax = _add(element, "cac:PartyTaxScheme")
        _add(tax, "cbc:CompanyID", party["vat_id"])
        _add(_add(tax, "cac:TaxScheme"), "cbc:ID", "VAT")
    legal = _add(element, "cac:PartyLegalEntity")
    _add(legal, "cbc:RegistrationName", party.get("legal_name") or party["name"])
    if party.get("kvk"):
        _add(legal, "cbc:CompanyID", party["kvk"], schemeID=KVK_SCHEME)
    if party.get("email"):
        _add(_add(element, "cac:Contact"), "cbc:ElectronicMail", party["email"])


def _taxes(root: etree._Element, invoice: Invoice) -> None:
    total = _add(root, "cac:TaxTotal")
    _money(total, "cbc:TaxAmount", invoice.vat_cents)
    for group in invoice.content["vat"]:
        subtotal = _add(total, "cac:TaxSubtotal")
        _money(subtotal, "cbc:TaxableAmount", group["taxable_cents"])
        _money(subtotal, "cbc:TaxAmount", group["vat_cents"])
        category = _add(subtotal, "cac:TaxCategory")
        _add(category, "cbc:ID", group["category"])
        _add(category, "cbc:Percent", percent(group["percentage"]))
        _add(_add(category, "cac:TaxScheme"), "cbc:ID", "VAT")


def _line(root: etree._Element, position: int, line: dict[str, Any], credit: bool) -> None:
    element = _add(root, "cac:CreditNoteLine" if credit else "cac:InvoiceLine")
    _add(element, "cbc:ID", str(position))
    _add(element, "cbc:Note", f"Bon {line['receipt']}")
    quantity, price = unit_price(line)
    tag = "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity"
    _add(element, tag, quantity, unitCode="C62")
    _money(element, "cbc:LineExtensionAmount", line["net_cents"])
    item = _add(element, "cac:Item")
    _add(item, "cbc:Name", line["description"])
    _add(_add(item, "cac:SellersItemIdentification"), "cbc:ID", line["article"])
    category = _add(item, "cac:ClassifiedTaxCategory")
    _add(category, "cbc:ID", line["vat_category"])
    _add(category, "cbc:Percent", percent(line["vat_percentage"]))
    _add(_add(category, "cac:TaxScheme"), "cbc:ID", "VAT")
    _add(_add(element, "cac:Price"), "cbc:PriceAmount", price, currencyID="EUR")
