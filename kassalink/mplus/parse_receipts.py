"""GetReceiptsResponse and GetOrdersByReceiptsResponse into Receipt/Order values.

The hot path of every sync. tree.response_content reads the answer into plain values
(the compiled reader; lxml when it declines): each receipt, line, payment is a dict by
qualified tag, so every field is one dict lookup: no XPath, no per-field search."""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from . import units
from .envelope import NS
from .errors import MplusProtocolError
from .parse_common import date_of, datetime_of
from .tree import Content, items, record, response_content
from .types import (
    Line,
    Order,
    Payment,
    Receipt,
    ReceiptState,
    ReceiptType,
    VatGroup,
    VatMethod,
)

_RECEIPT_TYPES = {member.value: member for member in ReceiptType}
_RECEIPT_STATES = {member.value: member for member in ReceiptState}
_VAT_METHODS = {member.value: member for member in VatMethod}


def _q(local: str) -> str:
    return sys.intern(NS + local)


# Qualified tags, computed once and interned like the reader's, so that dict lookups
# mostly succeed on identity.
T_RECEIPT_LIST, T_ORDER_LIST = _q("receiptList"), _q("orderList")
T_RECEIPT_ID, T_TRANSACTION = _q("receiptId"), _q("transactionString")
T_SYNC_MARKER, T_RECEIPT_NUMBER = _q("syncMarker"), _q("receiptNumber")
T_RECEIPT_TYPE, T_STATE, T_VAT_METHOD = _q("receiptType"), _q("state"), _q("vatMethod")
T_EMPLOYEE_NUMBER, T_EMPLOYEE_NAME = _q("employeeNumber"), _q("employeeName")
T_ENTRY_TIMESTAMP, T_FINANCIAL_DATE = _q("entryTimestamp"), _q("financialDate")
T_RELATION_NUMBER, T_RELATION_NAME = _q("relationNumber"), _q("relationName")
T_FINANCIAL_BRANCH, T_WORKPLACE = _q("financialBranchNumber"), _q("workplaceNumber")
T_TOTAL_INCL, T_TOTAL_EXCL = _q("totalInclAmount"), _q("totalExclAmount")
T_PAID, T_CREDITED = _q("paidAmount"), _q("creditedReceiptId")
T_VAT_GROUP_LIST, T_LINE_LIST = _q("vatGroupList"), _q("lineList")
T_PAYMENT_LIST, T_ORDER_IDS = _q("paymentList"), _q("orderIds")
T_REFERENCE, T_BARCODE = _q("reference"), _q("receiptBarcode")
T_BRANCH_NUMBER, T_YEAR, T_NUMBER = _q("branchNumber"), _q("year"), _q("number")
# Line and LineData
T_ARTICLE_NUMBER, T_TEXT, T_DATA = _q("articleNumber"), _q("text"), _q("data")
T_LINE_ID, T_PLU = _q("lineId"), _q("pluNumber")
T_QUANTITY, T_DECIMAL_PLACES = _q("quantity"), _q("decimalPlaces")
T_PRICE, T_PRICE_EXCL = _q("price"), _q("priceExcl")
T_VAT_CODE, T_VAT_PERCENTAGE = _q("vatCode"), _q("vatPercentage")
T_DISCOUNT_PERCENTAGE, T_DISCOUNT_AMOUNT = _q("discountPercentage"), _q("discountAmount")
T_TURNOVER_GROUP = _q("turnoverGroup")
# Payment and VatGroup
T_METHOD, T_AMOUNT, T_DESCRIPTION = _q("method"), _q("amount"), _q("description")
T_PAYMENT_ID, T_PAYMENT_METHOD_TYPE = _q("paymentId"), _q("paymentMethodType")
T_EXCL_AMOUNT, T_VAT_AMOUNT = _q("exclAmount"), _q("vatAmount")
# Order
T_ORDER_ID, T_WEBHOOK_SESSION = _q("orderId"), _q("webhookSessionData")
T_WEBHOOK_SESSION_ID = _q("webhookSessionId")


def _string(value: Content) -> str:
    """A text field; elements where the WSDL puts text are a protocol error."""
    if type(value) is not str:
        raise TypeError("expected text, found elements")
    return value


def _text(value: Content | None) -> str | None:
    """An optional text field (None when absent)."""
    return None if value is None else _string(value)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large answer becomes values: they hold
    no reference cycles, and its passes over the growing result (every few hundred new
    dicts and tuples) took a sixth of the parse here. Its state is restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_get_receipts(data: bytes) -> list[Receipt]:
    with _collector_paused():
        return _receipts_of(data)


def _receipts_of(data: bytes) -> list[Receipt]:
    response = record(response_content("getReceipts", "GetReceiptsResponse", data))
    receipt_list = response.get(T_RECEIPT_LIST)
    if receipt_list is None:
        raise MplusProtocolError("getReceipts: GetReceiptsResponse lacks <receiptList>")
    receipts = []
    for index, content in enumerate(items(receipt_list)):
        try:
            receipts.append(parse_receipt(content))
        except (ValueError, TypeError, OverflowError, KeyError, MplusProtocolError) as exc:
            raise _receipt_error("getReceipts", "receipt", index, content, exc) from None
    return receipts


def _receipt_error(
    operation: str, kind: str, index: int, content: Content, exc: Exception
) -> MplusProtocolError:
    ident = record(content).get(T_RECEIPT_ID if kind == "receipt" else T_ORDER_ID)
    where = f"{kind} #{index + 1}" + (f" ({ident})" if isinstance(ident, str) and ident else "")
    if isinstance(exc, KeyError) and str(exc.args[0]).startswith(NS):
        local = str(exc.args[0])[len(NS) :]
        return MplusProtocolError(f"{operation}: {where} lacks the required element <{local}>")
    return MplusProtocolError(f"{operation}: {where} has a value we cannot read: {exc}")


def parse_receipt(content: Content) -> Receipt:
    # Required fields are read with found[...]: a KeyError names the missing tag and
    # parse_get_receipts turns it into a protocol error. Optional ones with get().
    found = record(content)
    get = found.get
    receipt_type = _RECEIPT_TYPES.get(found[T_RECEIPT_TYPE])
    state = _RECEIPT_STATES.get(found[T_STATE])
    vat_method = _VAT_METHODS.get(found[T_VAT_METHOD])
    if receipt_type is None or state is None or vat_method is None:
        raise ValueError(
            "unknown receiptType/state/vatMethod "
            f"{found[T_RECEIPT_TYPE]!r}/{found[T_STATE]!r}/{found[T_VAT_METHOD]!r}"
        )
    number, sync_marker = get(T_RECEIPT_NUMBER), get(T_SYNC_MARKER)
    relation_number, credited = get(T_RELATION_NUMBER), get(T_CREDITED)
    line_list, payment_list = get(T_LINE_LIST), get(T_PAYMENT_LIST)
    vat_group_list, order_ids = get(T_VAT_GROUP_LIST), get(T_ORDER_IDS)
    return Receipt(
        receipt_id=_string(found[T_RECEIPT_ID]),
        transaction_string=_text(get(T_TRANSACTION)),
        sync_marker=None if sync_marker is None else int(sync_marker),
        receipt_number=None if number is None else _workplace_year_number(number),
        receipt_type=receipt_type,
        state=state,
        vat_method=vat_method,
        employee_number=int(found[T_EMPLOYEE_NUMBER]),
        employee_name=_string(found[T_EMPLOYEE_NAME]),
        entry_timestamp=datetime_of(record(found[T_ENTRY_TIMESTAMP]), T_ENTRY_TIMESTAMP),
        relation_number=None if relation_number is None else int(relation_number),
        financial_date=date_of(record(found[T_FINANCIAL_DATE]), T_FINANCIAL_DATE),
        branch_number=int(found[T_FINANCIAL_BRANCH]),
        workplace_number=int(found[T_WORKPLACE]),
        total_incl_cents=int(found[T_TOTAL_INCL]),
        total_excl_cents=int(found[T_TOTAL_EXCL]),
        paid_cents=int(found[T_PAID]),
        lines=() if line_list is None else tuple([_line(c) for c in items(line_list)]),
        payments=() if payment_list is None else tuple([_payment(c) for c in items(payment_list)]),
        vat_groups=()
        if vat_group_list is None
        else tuple([_vat_group(c) for c in items(vat_group_list)]),
        credited_receipt_id=_text(credited),
        order_ids=() if order_ids is None else tuple([_string(c) for c in items(order_ids)]),
        relation_name=_text(get(T_RELATION_NAME)),
        reference=_text(get(T_REFERENCE)),
        receipt_barcode=_text(get(T_BARCODE)),
    )


def _workplace_year_number(content: Content) -> tuple[int, int, int, int]:
    found = record(content)
    return (
        int(found[T_BRANCH_NUMBER]),
        int(found[T_WORKPLACE]),
        int(found[T_YEAR]),
        int(found[T_NUMBER]),
    )


_percentage = units.percentage
_quantity = units.quantity
_ZERO = Decimal(0)


# The optional leaves of a line and of its LineData, fetched in one map() each.
_LINE_KEYS = (T_LINE_ID, T_EMPLOYEE_NUMBER, T_TEXT, T_PLU)
_LINE_DATA_KEYS = (
    T_QUANTITY,
    T_DECIMAL_PLACES,
    T_PRICE,
    T_PRICE_EXCL,
    T_TOTAL_INCL,
    T_TOTAL_EXCL,
    T_VAT_CODE,
    T_VAT_PERCENTAGE,
    T_DISCOUNT_PERCENTAGE,
    T_DISCOUNT_AMOUNT,
    T_TURNOVER_GROUP,
)
_PAYMENT_KEYS = (T_DESCRIPTION, T_PAYMENT_ID, T_PAYMENT_METHOD_TYPE)


# A line, payment or VAT group is built as the tuple it is (all fields in order),
# skipping the NamedTuple's Python-level __new__: the page's most frequent call.
_new_line = functools.partial(tuple.__new__, Line)
_new_payment = functools.partial(tuple.__new__, Payment)
_new_vat_group = functools.partial(tuple.__new__, VatGroup)


def _line(content: Content) -> Line:
    found = record(content)
    line_id, employee, text, plu = map(found.get, _LINE_KEYS)
    (
        quantity,
        places,
        price,
        price_excl,
        total_incl,
        total_excl,
        vat_code,
        vat_percentage,
        discount,
        discount_amount,
        turnover_group,
    ) = map(record(found.get(T_DATA, "")).get, _LINE_DATA_KEYS)
    return _new_line(
        (
            int(found[T_ARTICLE_NUMBER]),  # article_number
            None if text is None else _string(text),  # description
            _ZERO if quantity is None else _quantity(quantity, places),
            None if price is None else int(price),  # price_cents
            None if price_excl is None else int(price_excl),  # price_excl_cents
            None if total_incl is None else int(total_incl),  # total_incl_cents
            None if total_excl is None else int(total_excl),  # total_excl_cents
            None if vat_code is None else int(vat_code),
            None if vat_percentage is None else _percentage(vat_percentage),
            None if discount is None else _percentage(discount),  # discount_percentage
            None if discount_amount is None else int(discount_amount),  # discount_cents
            None if line_id is None else _string(line_id),
            None if plu is None else _string(plu),  # plu_number
            None if turnover_group is None else int(turnover_group),
            None if employee is None else int(employee),  # employee_number
        )
    )


def _payment(content: Content) -> Payment:
    found = record(content)
    description, payment_id, method_type = map(found.get, _PAYMENT_KEYS)
    return _new_payment(
        (
            _string(found[T_METHOD]),
            int(found[T_AMOUNT]),  # amount_cents
            None if description is None else _string(description),
            None if payment_id is None else _string(payment_id),
            None if method_type is None else _string(method_type),
        )
    )


def _vat_group(content: Content) -> VatGroup:
    found = record(content)
    excl, vat = found.get(T_EXCL_AMOUNT), found.get(T_VAT_AMOUNT)
    return _new_vat_group(
        (
            int(found[T_VAT_CODE]),
            _percentage(found[T_VAT_PERCENTAGE]),
            None if excl is None else int(excl),  # excl_amount_cents
            None if vat is None else int(vat),  # vat_amount_cents
        )
    )


# --- orders --------------------------------------------------------------------------


def parse_get_orders_by_receipts(data: bytes) -> list[Order]:
    response = record(response_content("getOrdersByReceipts", "GetOrdersByReceiptsResponse", data))
    order_list = response.get(T_ORDER_LIST)
    if order_list is None:
        raise MplusProtocolError(
            "getOrdersByReceipts: GetOrdersByReceiptsResponse lacks <orderList>"
        )
    orders = []
    for index, content in enumerate(items(order_list)):
        try:
            orders.append(_order(content))
        except (ValueError, TypeError, OverflowError, KeyError, MplusProtocolError) as exc:
            raise _receipt_error("getOrdersByReceipts", "order", index, content, exc) from None
    return orders


def _order(content: Content) -> Order:
    found = record(content)
    get = found.get
    session = get(T_WEBHOOK_SESSION)
    marker, day, total = get(T_SYNC_MARKER), get(T_FINANCIAL_DATE), get(T_TOTAL_INCL)
    return Order(
        order_id=_string(found[T_ORDER_ID]),
        webhook_session_id=None
        if session is None
        else _text(record(session).get(T_WEBHOOK_SESSION_ID)),
        transaction_string=_text(get(T_TRANSACTION)),
        sync_marker=None if marker is None else int(marker),
        financial_date=None if day is None else date_of(record(day), T_FINANCIAL_DATE),
        total_incl_cents=None if total is None else int(total),
    )
