"""Receipts and orders as MplusKASSA writes them (the getReceipts and getOrdersByReceipts
elements), as text: the one writer of both, for the live shop and the chain history."""

from collections.abc import Iterable

from .records import Line, Payment, Receipt, VatGroup
from .soap_time import soap_date, soap_datetime
from .xml_text import esc, opt


def line_xml(line: Line) -> str:
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


def vat_groups_xml(groups: Iterable[VatGroup]) -> str:
    return "".join(
        f"<vatGroup><vatCode>{g.vat_code}</vatCode><vatPercentage>{g.vat_percentage}</vatPercentage>"
        f"<exclAmount>{g.excl_amount}</exclAmount><vatAmount>{g.vat_amount}</vatAmount></vatGroup>"
        for g in groups
    )


def payment_xml(receipt: Receipt, payment: Payment, when: str, day: str) -> str:
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
        f"<vatGroupList>{vat_groups_xml(receipt.vat_groups)}</vatGroupList>",
        f"<changeCounter>{receipt.change_counter}</changeCounter>",
        f"<versionNumber>{1 + receipt.change_counter}</versionNumber>",
        f"<paidAmount>{receipt.total_incl}</paidAmount>",
        "<state>RECEIPT-STATE-PAID</state>",
    ]
    if include_lines:
        parts.append(f"<lineList>{''.join(line_xml(line) for line in receipt.lines)}</lineList>")
        payments = "".join(payment_xml(receipt, p, when, day) for p in receipt.payments)
        parts.append(f"<paymentList>{payments}</paymentList>")
    parts.append(opt("creditedReceiptId", receipt.credited_receipt_id))
    parts.append("</receipt>")
    return "".join(parts)


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
        f"<vatGroupList>{vat_groups_xml(receipt.vat_groups)}</vatGroupList>"
        f"<changeCounter>{receipt.change_counter}</changeCounter>"
        f"<prepaidAmount>{receipt.total_incl}</prepaidAmount><fullyPaid>true</fullyPaid>"
        "<deliveryState>ORDER-DELIVERY-STATE-COMPLETE</deliveryState>"
        "<cancelState>ORDER-CANCEL-STATE-NOTHING</cancelState>"
        "<completeState>ORDER-COMPLETE-STATE-COMPLETE</completeState>"
        f"<orderNumber><year>{receipt.financial_date.year}</year>"
        f"<number>{receipt.order_number}</number></orderNumber>"
        f"<lineList>{''.join(line_xml(line) for line in receipt.lines)}</lineList>"
        f"{session}</order>"
    )
