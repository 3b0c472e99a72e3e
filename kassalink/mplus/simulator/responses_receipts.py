"""getReceipts and getOrdersByReceipts: receipts with lines, VAT groups and payments,
and the orders behind them (which carry the webhook session of a scanned code).

Serialised as text and cached per receipt version, so a 5,000-receipt page is fast.
"""

from collections.abc import Iterable, Iterator

from .records import Line, Payment, Receipt, VatGroup
from .soap import Fields, response_element
from .soap_time import soap_date, soap_datetime
from .world import Simulator
from .xml_text import esc, opt


def _line(line: Line) -> str:
    article = line.article
    discount = (
        f"<discountType>DISCOUNT-TYPE-SALES-PRICE</discountType>"
        f"<discountPercentage>{line.discount_percentage}</discountPercentage>"
        f"<discountAmount>{line.discount_amount}</discountAmount>"
        if line.discount_amount
        else "<discountType>DISCOUNT-TYPE-NONE</discountType>"
    )
    return (
        f"<line><lineId>{line.line_id}</lineId>"
        f"<employeeNumber>{line.employee_number}</employeeNumber>"
        f"<articleNumber>{article.number}</articleNumber><pluNumber>{article.plu}</pluNumber>"
        f"<text>{esc(article.text)}</text>"
        f"<data><quantity>{line.quantity}</quantity>"
        f"<decimalPlaces>{line.decimal_places}</decimalPlaces>"
        f"<price>{line.price}</price>"
        f"<turnoverGroup>{article.turnover_group}</turnoverGroup>"
        f"<turnoverGroupName>{esc(article.turnover_group_name)}</turnoverGroupName>"
        "<turnoverGroupType>TURNOVER-GROUP-TYPE-TURNOVER</turnoverGroupType>"
        f"<turnoverGroupCostCenter>{esc(line.cost_center)}</turnoverGroupCostCenter>"
        f"<vatCode>{article.vat_code}</vatCode><vatPercentage>{line.vat_percentage}</vatPercentage>"
        f"{'<siUnit>kg</siUnit>' if line.decimal_places else ''}"
        f"{discount}"
        f"<totalInclAmount>{line.total_incl}</totalInclAmount>"
        f"<totalExclAmount>{line.total_excl}</totalExclAmount></data></line>"
    )


def _vat_groups(groups: Iterable[VatGroup]) -> str:
    return "".join(
        f"<vatGroup><vatCode>{g.vat_code}</vatCode><vatPercentage>{g.vat_percentage}</vatPercentage>"
        f"<exclAmount>{g.excl_amount}</exclAmount><vatAmount>{g.vat_amount}</vatAmount></vatGroup>"
        for g in groups
    )


def _payment(receipt: Receipt, payment: Payment, when: str, day: str) -> str:
    return (
        f"<payment><paymentId>{payment.payment_id}</paymentId>"
        f"<financialDate>{day}</financialDate><entryTimestamp>{when}</entryTimestamp>"
        f"<branchNumber>{receipt.branch_number}</branchNumber>"
        f"<workplaceNumber>{receipt.workplace_number}</workplaceNumber>"
        f"<employeeNumber>{receipt.employee_number}</employeeNumber>"
        f"<employeeName>{esc(receipt.employee_name)}</employeeName>"
        f"<method>{esc(payment.method)}</method>"
        f"<description>{esc(payment.description)}</description>"
        f"<amount>{payment.amount}</amount>"
        f"<paymentMethodType>{payment.method_type}</paymentMethodType></payment>"
    )


def receipt_xml(receipt: Receipt, include_lines: bool, include_order_refs: bool) -> str:
    when = soap_datetime(receipt.entry)
    day = soap_date(receipt.financial_date)
    year = receipt.financial_date.year
    parts = [
        f"<receipt><receiptId>{receipt.receipt_id}</receiptId>",
        f"<orderIds><id>{receipt.order_id}</id></orderIds>" if include_order_refs else "",
        f"<transactionString>{receipt.transaction_string}</transactionString>",
        f"<syncMarker>{receipt.sync_marker}</syncMarker>",
        f"<receiptNumber><branchNumber>{receipt.branch_number}</branchNumber>"
        f"<workplaceNumber>{receipt.workplace_number}</workplaceNumber>"
        f"<year>{year}</year><number>{receipt.number}</number></receiptNumber>",
        f"<receiptBarcode>{receipt.barcode}</receiptBarcode>",
        f"<receiptType>{receipt.receipt_type}</receiptType>",
        f"<employeeNumber>{receipt.employee_number}</employeeNumber>",
        f"<employeeName>{esc(receipt.employee_name)}</employeeName>",
        f"<entryTimestamp>{when}</entryTimestamp>",
        opt("relationNumber", receipt.relation_number),
        f"<financialDate>{day}</financialDate>",
        f"<financialBranchNumber>{receipt.branch_number}</financialBranchNumber>",
        f"<workplaceNumber>{receipt.workplace_number}</workplaceNumber>",
        f"<entryBranchNumber>{receipt.branch_number}</entryBranchNumber>",
        opt("reference", receipt.reference),
        f"<totalInclAmount>{receipt.total_incl}</totalInclAmount>",
        f"<totalExclAmount>{receipt.total_excl}</totalExclAmount>",
        "<vatMethod>VAT-METHOD-INCLUSIVE</vatMethod>",
        f"<vatGroupList>{_vat_groups(receipt.vat_groups)}</vatGroupList>",
        f"<changeCounter>{receipt.change_counter}</changeCounter>",
        f"<versionNumber>{1 + receipt.change_counter}</versionNumber>",
        f"<paidAmount>{receipt.total_incl}</paidAmount>",
        "<state>RECEIPT-STATE-PAID</state>",
    ]
    if include_lines:
        parts.append(f"<lineList>{''.join(_line(line) for line in receipt.lines)}</lineList>")
        payments = "".join(_payment(receipt, p, when, day) for p in receipt.payments)
        parts.append(f"<paymentList>{payments}</paymentList>")
    parts.append(opt("creditedReceiptId", receipt.credited_receipt_id))
    parts.append("</receipt>")
    return "".join(parts)


def _cached_receipt(sim: Simulator, receipt: Receipt, lines: bool, refs: bool) -> str:
    key = ("receipt", receipt.receipt_id, receipt.sync_marker, lines, refs)
    text = sim.fragment_cache.get(key)
    if text is None:
        text = sim.fragment_cache[key] = receipt_xml(receipt, lines, refs)
    return text


def _cached_order(sim: Simulator, receipt: Receipt) -> str:
    key = ("order", receipt.receipt_id, receipt.sync_marker)
    text = sim.fragment_cache.get(key)
    if text is None:
        text = sim.fragment_cache[key] = order_xml(receipt)
    return text


def _matches(receipt: Receipt, filters: dict) -> bool:
    if filters["from"] and receipt.financial_date < filters["from"]:
        return False
    if filters["through"] and receipt.financial_date > filters["through"]:
        return False
    if filters["branches"] and receipt.branch_number not in filters["branches"]:
        return False
    if filters["employees"] and receipt.employee_number not in filters["employees"]:
        return False
    if filters["relations"] and receipt.relation_number not in filters["relations"]:
        return False
    if filters["ids"] and receipt.receipt_id not in filters["ids"]:
        return False
    for key, attribute in (
        ("articles", "number"),
        ("groups", "turnover_group"),
        ("plus", "plu"),
        ("barcodes", "barcode"),
    ):
        wanted = filters[key]
        if wanted and not any(getattr(line.article, attribute) in wanted for line in receipt.lines):
            return False
    return True


def _receipt_filters(fields: Fields) -> dict:
    return {
        "from": fields.soap_date("fromFinancialDate"),
        "through": fields.soap_date("throughFinancialDate"),
        "branches": set(fields.ints("branchNumbers")),
        "employees": set(fields.ints("employeeNumbers")),
        "relations": set(fields.ints("relationNumbers")),
        "articles": set(fields.ints("articleNumbers")),
        "groups": set(fields.ints("articleTurnoverGroups")),
        "plus": set(_texts(fields.child("articlePluNumbers"))),
        "barcodes": set(_texts(fields.child("articleBarcodes"))),
        "ids": set(fields.texts("receiptIds")),
    }


def _texts(text_list: Fields) -> Iterator[str]:
    """The strings of a TextList: <text><text>value</text></text>."""
    if text_list.element is None:
        return
    for item in text_list.element:
        value = Fields(item).text("text")
        if value:
            yield value


def _page(sim: Simulator, fields: Fields, filters: dict) -> list[Receipt]:
    marker = fields.int("syncMarker") or 0
    limit = fields.int("syncMarkerLimit")
    page = []
    for receipt in sim.receipts_from(marker):
        if _matches(receipt, filters):
            page.append(receipt)
            if limit is not None and 0 < limit <= len(page):
                break
    return page


def get_receipts(sim: Simulator, request: Fields) -> str:
    """Receipts with syncMarker >= the asked one (inclusive), ascending, honouring the
    date, branch, employee, relation, article, turnover group, PLU, barcode and id filters."""
    fields = request.child("request")
    include_lines = fields.bool("includeLineList", True)
    include_refs = fields.bool("includeOrderReferences", False)
    page = _page(sim, fields, _receipt_filters(fields))
    body = "".join(_cached_receipt(sim, r, include_lines, include_refs) for r in page)
    return response_element("GetReceiptsResponse", f"<receiptList>{body}</receiptList>")


def order_xml(receipt: Receipt) -> str:
    when = soap_datetime(receipt.entry)
    day = soap_date(receipt.financial_date)
    session = (
        f"<webhookSessionData><webhookSessionId>{esc(receipt.webhook_session_id)}"
        "</webhookSessionId></webhookSessionData>"
        if receipt.webhook_session_id
        else ""
    )
    return (
        f"<order><orderId>{receipt.order_id}</orderId>"
        f"<transactionString>{receipt.transaction_string}</transactionString>"
        f"<syncMarker>{receipt.sync_marker}</syncMarker>"
        f"<entryBranchNumber>{receipt.branch_number}</entryBranchNumber>"
        f"<employeeNumber>{receipt.employee_number}</employeeNumber>"
        f"<employeeName>{esc(receipt.employee_name)}</employeeName>"
        f"<entryTimestamp>{when}</entryTimestamp>"
        f"{opt('relationNumber', receipt.relation_number)}"
        f"<financialDate>{day}</financialDate>"
        f"<financialBranchNumber>{receipt.branch_number}</financialBranchNumber>"
        f"<workplaceNumber>{receipt.workplace_number}</workplaceNumber>"
        f"<totalInclAmount>{receipt.total_incl}</totalInclAmount>"
        f"<totalExclAmount>{receipt.total_excl}</totalExclAmount>"
        "<vatMethod>VAT-METHOD-INCLUSIVE</vatMethod>"
        f"<vatGroupList>{_vat_groups(receipt.vat_groups)}</vatGroupList>"
        f"<changeCounter>{receipt.change_counter}</changeCounter>"
        f"<prepaidAmount>{receipt.total_incl}</prepaidAmount><fullyPaid>true</fullyPaid>"
        "<deliveryState>ORDER-DELIVERY-STATE-COMPLETE</deliveryState>"
        "<cancelState>ORDER-CANCEL-STATE-NOTHING</cancelState>"
        "<completeState>ORDER-COMPLETE-STATE-COMPLETE</completeState>"
        f"<orderNumber><year>{receipt.financial_date.year}</year>"
        f"<number>{receipt.order_number}</number></orderNumber>"
        f"<lineList>{''.join(_line(line) for line in receipt.lines)}</lineList>"
        f"{session}</order>"
    )


def get_orders_by_receipts(sim: Simulator, request: Fields) -> str:
    """The orders behind the asked receipts, or by receipt sync marker (inclusive)."""
    fields = request.child("request")
    ids = fields.child("receiptIds").texts("id")
    if ids:
        receipts = [r for r in (sim.receipt(i) for i in ids) if r is not None]
    else:
        receipts = _page(sim, fields, _receipt_filters(Fields(None)))
    body = "".join(_cached_order(sim, r) for r in receipts)
    return response_element("GetOrdersByReceiptsResponse", f"<orderList>{body}</orderList>")
