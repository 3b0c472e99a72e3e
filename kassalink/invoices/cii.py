"""The invoice as Factur-X / ZUGFeRD XML: UN/CEFACT Cross Industry Invoice, EN 16931
profile. Built from the invoice's stored content, elements in the order the schema wants.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lxml import etree

from .models import Invoice

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
NSMAP = {"rsm": RSM, "qdt": QDT, "ram": RAM, "udt": UDT}
EN16931 = "urn:cen.eu:en16931:2017"
KVK_SCHEME = "0106"  # ISO 6523 ICD of the Dutch Chamber of Commerce number


def euros(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d}"


def percent(value: str) -> str:
    number = Decimal(value)
    return str(number.quantize(Decimal(1)) if number == number.to_integral() else number)


def unit_price(line: dict[str, Any]) -> tuple[str, str]:
    """(quantity, net price) for a line: the price is never negative (BR-27), so a line
    with a negative amount carries its sign on the quantity."""
    quantity = Decimal(line["quantity"]) or Decimal(1)
    net = Decimal(line["net_cents"]).scaleb(-2)
    if net and (net < 0) != (quantity < 0):
        quantity = -quantity
    price = (abs(net) / abs(quantity)).quantize(Decimal("0.0001"))
    return str(quantity), str(price)


class _Builder:
    def __init__(self) -> None:
        self.root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)

    @staticmethod
    def add(parent: etree._Element, tag: str, text: str | None = None, **attrs: str):
        prefix, name = tag.split(":")
        element = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{name}", attrs)
        if text is not None:
            element.text = text
        return element

    def date(self, parent: etree._Element, tag: str, day: str, kind: str = "udt") -> None:
        holder = self.add(parent, tag)
        value = dt.date.fromisoformat(day[:10]).strftime("%Y%m%d")
        self.add(holder, f"{kind}:DateTimeString", value, format="102")


def cii_xml(invoice: Invoice) -> bytes:
    """The Factur-X XML (EN 16931 profile) of `invoice`, UTF-8."""
    c = invoice.content
    b = _Builder()
    add = b.add
    context = add(b.root, "rsm:ExchangedDocumentContext")
    guideline = add(context, "ram:GuidelineSpecifiedDocumentContextParameter")
    add(guideline, "ram:ID", EN16931)

    document = add(b.root, "rsm:ExchangedDocument")
    add(document, "ram:ID", invoice.number)
    add(document, "ram:TypeCode", invoice.type_code)
    b.date(document, "ram:IssueDateTime", invoice.issue_date.isoformat())
    receipts = ", ".join(r["number"] for r in c["receipts"])
    note = add(document, "ram:IncludedNote")
    add(note, "ram:Content", f"Kassabon(nen) / receipt(s): {receipts}")

    transaction = add(b.root, "rsm:SupplyChainTradeTransaction")
    for position, line in enumerate(c["lines"], 1):
        _line(b, transaction, position, line)
    _agreement(b, transaction, invoice)
    delivery = add(transaction, "ram:ApplicableHeaderTradeDelivery")
    if c["period"]:
        event = add(delivery, "ram:ActualDeliverySupplyChainEvent")
        b.date(event, "ram:OccurrenceDateTime", c["period"][-1])
    _settlement(b, transaction, invoice)
    return etree.tostring(b.root, xml_declaration=True, encoding="UTF-8")


def _line(b: _Builder, parent: etree._Element, position: int, line: dict[str, Any]) -> None:
    add = b.add
    item = add(parent, "ram:IncludedSupplyChainTradeLineItem")
    doc = add(item, "ram:AssociatedDocumentLineDocument")
    add(doc, "ram:LineID", str(position))
    note = add(doc, "ram:IncludedNote")
    add(note, "ram:Content", f"Bon {line['receipt']}")
    product = add(item, "ram:SpecifiedTradeProduct")
    add(product, "ram:SellerAssignedID", line["article"])
    add(product, "ram:Name", line["description"])
    quantity, price = unit_price(line)
    agreement = add(item, "ram:SpecifiedLineTradeAgreement")
    net_price = add(agreement, "ram:NetPriceProductTradePrice")
    add(net_price, "ram:ChargeAmount", price)
    delivery = add(item, "ram:SpecifiedLineTradeDelivery")
    add(delivery, "ram:BilledQuantity", quantity, unitCode="C62")
    settlement = add(item, "ram:SpecifiedLineTradeSettlement")
    tax = add(settlement, "ram:ApplicableTradeTax")
    add(tax, "ram:TypeCode", "VAT")
    add(tax, "ram:CategoryCode", line["vat_category"])
    add(tax, "ram:RateApplicablePercent", percent(line["vat_percentage"]))
    total = add(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    add(total, "ram:LineTotalAmount", euros(line["net_cents"]))


def _party(b: _Builder, parent: etree._Element, tag: str, party: dict[str, Any]) -> None:
    add = b.add
    element = add(parent, tag)
    add(element, "ram:Name", party.get("legal_name") or party["name"])
    if party.get("kvk"):
        legal = add(element, "ram:SpecifiedLegalOrganization")
        add(legal, "ram:ID", party["kvk"], schemeID=KVK_SCHEME)
    address = add(element, "ram:PostalTradeAddress")
    if party.get("postcode"):
        add(address, "ram:PostcodeCode", party["postcode"])
    if party.get("street"):
        add(address, "ram:LineOne", party["street"])
    if party.get("city"):
        add(address, "ram:CityName", party["city"])
    add(address, "ram:CountryID", party["country"])
    if party.get("email"):
        uri = add(element, "ram:URIUniversalCommunication")
        add(uri, "ram:URIID", party["email"], schemeID="EM")
    if party.get("vat_id"):
        registration = add(element, "ram:SpecifiedTaxRegistration")
        add(registration, "ram:ID", party["vat_id"], schemeID="VA")


def _agreement(b: _Builder, parent: etree._Element, invoice: Invoice) -> None:
    add = b.add
    c = invoice.content
    agreement = add(parent, "ram:ApplicableHeaderTradeAgreement")
    if invoice.reference:
        add(agreement, "ram:BuyerReference", invoice.reference)
    _party(b, agreement, "ram:SellerTradeParty", c["seller"])
    _party(b, agreement, "ram:BuyerTradeParty", c["buyer"])
    if invoice.reference:
        order = add(agreement, "ram:BuyerOrderReferencedDocument")
        add(order, "ram:IssuerAssignedID", invoice.reference)
    for receipt in c["receipts"]:
        # BT-122: the receipts this invoice covers, as supporting documents.
        document = add(agreement, "ram:AdditionalReferencedDocument")
        add(document, "ram:IssuerAssignedID", receipt["number"])
        add(document, "ram:TypeCode", "916")
        add(document, "ram:Name", f"Kassabon {receipt['transaction']}".strip())


def _settlement(b: _Builder, parent: etree._Element, invoice: Invoice) -> None:
    add = b.add
    c = invoice.content
    settlement = add(parent, "ram:ApplicableHeaderTradeSettlement")
    add(settlement, "ram:PaymentReference", invoice.number)
    add(settlement, "ram:InvoiceCurrencyCode", "EUR")
    if c["payments"]:
        largest = max(c["payments"], key=lambda p: abs(p["amount_cents"]))
        means = add(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        add(means, "ram:TypeCode", largest["means_code"])
        add(means, "ram:Information", ", ".join(p["description"] for p in c["payments"]))
        if largest["means_code"] in {"30", "58"} and c["seller"].get("iban"):
            account = add(means, "ram:PayeePartyCreditorFinancialAccount")
            add(account, "ram:IBANID", c["seller"]["iban"])
    for group in c["vat"]:
        tax = add(settlement, "ram:ApplicableTradeTax")
        add(tax, "ram:CalculatedAmount", euros(group["vat_cents"]))
        add(tax, "ram:TypeCode", "VAT")
        add(tax, "ram:BasisAmount", euros(group["taxable_cents"]))
        add(tax, "ram:CategoryCode", group["category"])
        add(tax, "ram:RateApplicablePercent", percent(group["percentage"]))
    if c["period"]:
        period = add(settlement, "ram:BillingSpecifiedPeriod")
        b.date(period, "ram:StartDateTime", c["period"][0])
        b.date(period, "ram:EndDateTime", c["period"][-1])
    terms = add(settlement, "ram:SpecifiedTradePaymentTerms")
    add(terms, "ram:Description", c["seller"]["payment_terms"] or "Betaald / paid")
    totals = add(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    add(totals, "ram:LineTotalAmount", euros(sum(line["net_cents"] for line in c["lines"])))
    add(totals, "ram:TaxBasisTotalAmount", euros(invoice.net_cents))
    add(totals, "ram:TaxTotalAmount", euros(invoice.vat_cents), currencyID="EUR")
    add(totals, "ram:GrandTotalAmount", euros(invoice.gross_cents))
    # Paid at the till: everything is prepaid, nothing is due.
    add(totals, "ram:TotalPrepaidAmount", euros(invoice.gross_cents))
    add(totals, "ram:DuePayableAmount", euros(0))
    if "credited" in c:
        referenced = add(settlement, "ram:InvoiceReferencedDocument")
        add(referenced, "ram:IssuerAssignedID", c["credited"]["number"])
        b.date(referenced, "ram:FormattedIssueDateTime", c["credited"]["date"], kind="qdt")
