"""Every field EN 16931 and art. 35a Wet OB ask of this invoice is in its XML, with the
values a tax inspector would check: VAT per rate from the till, paid in full."""

from decimal import Decimal

from lxml import etree

from kassalink.invoices.actions import do_issue_invoice
from kassalink.invoices.cii import cii_xml
from kassalink.mplus.types import Line, Payment, VatGroup
from kassalink.receipts.tests.sales import bread, sale

from .conftest import ACME, NOON, store

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
T = "rsm:SupplyChainTradeTransaction/"
AGREEMENT = T + "ram:ApplicableHeaderTradeAgreement/"
SETTLEMENT = T + "ram:ApplicableHeaderTradeSettlement/"
TOTALS = SETTLEMENT + "ram:SpecifiedTradeSettlementHeaderMonetarySummation/"

WINE = Line(
    article_number=3003, description="Rode wijn", quantity=Decimal(1),
    price_cents=1210, price_excl_cents=1000, total_incl_cents=1210, total_excl_cents=1000,
    vat_code=1, vat_percentage=Decimal("21.00"),
)  # fmt: skip


def values(root, path: str) -> list[str]:
    return [node.text for node in root.xpath(path, namespaces=NS)]


def test_the_fields_law_and_standard_ask_for(alice):
    loaf = bread("2")
    receipt = sale(
        NOON, (loaf, WINE), marker=7,
        vat_groups=(VatGroup(2, loaf.vat_percentage, 725, 65), VatGroup(1, WINE.vat_percentage,
                                                                         1000, 210)),
        total_incl_cents=2000, total_excl_cents=1725, paid_cents=2000,
        payments=(Payment(method="CONTANT", amount_cents=2000, description="Contant"),),
    )  # fmt: skip
    (stored,) = store(alice, receipt)
    invoice, _ = do_issue_invoice(alice.organization, [stored.pk], ACME, reference="PO-5")

    root = etree.fromstring(cii_xml(invoice))

    assert values(root, "rsm:ExchangedDocument/ram:ID") == ["2026-00001"]  # BT-1 sequential
    assert values(root, "rsm:ExchangedDocument/ram:TypeCode") == ["380"]  # BT-3
    assert values(root, "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")  # BT-2
    seller = AGREEMENT + "ram:SellerTradeParty/"
    assert values(root, seller + "ram:Name") == ["Bakkerij Alice B.V."]  # BT-27
    assert values(root, seller + "ram:SpecifiedTaxRegistration/ram:ID") == ["NL000099998B57"]
    assert values(root, seller + "ram:SpecifiedLegalOrganization/ram:ID") == ["12345678"]
    assert values(root, seller + "ram:PostalTradeAddress/ram:CityName") == ["Utrecht"]
    buyer = AGREEMENT + "ram:BuyerTradeParty/"
    assert values(root, buyer + "ram:Name") == ["Acme B.V."]  # BT-44
    assert values(root, buyer + "ram:PostalTradeAddress/ram:LineOne") == ["Kerkstraat 2"]
    assert values(root, AGREEMENT + "ram:BuyerReference") == ["PO-5"]  # BT-10
    # BT-122: the receipt the invoice covers; BT-72: when it was delivered.
    assert values(root, AGREEMENT + "ram:AdditionalReferencedDocument/ram:IssuerAssignedID") == [
        "1-1-2026-7"
    ]
    assert values(root, T + "ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent"
                  "/ram:OccurrenceDateTime/udt:DateTimeString") == ["20261201"]  # fmt: skip
    # Nature and quantity of the goods (BT-153, BT-129).
    assert values(root, T + "ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedTradeProduct"
                  "/ram:Name") == ["Volkorenbrood", "Rode wijn"]  # fmt: skip
    # VAT per rate exactly as the till booked it (BT-116, BT-117, BT-119).
    tax = SETTLEMENT + "ram:ApplicableTradeTax/"
    assert values(root, tax + "ram:RateApplicablePercent") == ["9", "21"]
    assert values(root, tax + "ram:BasisAmount") == ["7.25", "10.00"]
    assert values(root, tax + "ram:CalculatedAmount") == ["0.65", "2.10"]
    assert values(root, TOTALS + "ram:GrandTotalAmount") == ["20.00"]  # BT-112
    assert values(root, TOTALS + "ram:TotalPrepaidAmount") == ["20.00"]  # BT-113 paid
    assert values(root, TOTALS + "ram:DuePayableAmount") == ["0.00"]  # BT-115
    means = SETTLEMENT + "ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode"
    assert values(root, means) == ["10"]  # BT-81: cash, from the till's payment
