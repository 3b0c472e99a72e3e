"""From the client's Receipt values to unsaved rows, checking each field on the way:
a value we cannot store exactly raises PosDataError naming the receipt and the field."""

from __future__ import annotations

from decimal import Decimal

from kassalink.connections.models import Connection
from kassalink.mplus import types as pos
from kassalink.sync.importing import (
    PosDataError,
    aware,
    day,
    optional_whole,
    text,
    whole,
)

from .models import Receipt, ReceiptLine, ReceiptPayment, ReceiptVatGroup

RECEIPT_TYPES = {
    pos.ReceiptType.RECEIPT: Receipt.Type.RECEIPT,
    pos.ReceiptType.CREDIT_RECEIPT: Receipt.Type.CREDIT,
    pos.ReceiptType.CASH_INFLOW: Receipt.Type.CASH_IN,
    pos.ReceiptType.CASH_OUTFLOW: Receipt.Type.CASH_OUT,
    pos.ReceiptType.PAYMENT_METHOD_TRANSFER: Receipt.Type.PAYMENT_METHOD_TRANSFER,
}
RECEIPT_STATES = {
    pos.ReceiptState.OUTSTANDING: Receipt.State.OUTSTANDING,
    pos.ReceiptState.PARTLY_PAID: Receipt.State.PARTLY_PAID,
    pos.ReceiptState.PAID: Receipt.State.PAID,
    pos.ReceiptState.HANDLED: Receipt.State.HANDLED,
    pos.ReceiptState.OUTSTANDING_CREDIT: Receipt.State.OUTSTANDING_CREDIT,
}
QUANTITY_PLACES = 6  # ReceiptLine.quantity's decimal_places
QUANTITY_DIGITS = 20
PERCENT_LIMIT = Decimal("99999.99")  # what a DecimalField(7, 2) holds


def receipt_row(connection: Connection, receipt: pos.Receipt, sessions: dict[str, str]) -> Receipt:
    """The header row of `receipt` (unsaved); `sessions` maps order id → webhook session."""
    return Receipt(
        organization_id=connection.organization_id,
        connection=connection,
        credited_receipt=None,  # resolved by the importer once both receipts are stored
        **receipt_values(receipt, sessions),
    )


def receipt_values(receipt: pos.Receipt, sessions: dict[str, str]) -> dict[str, object]:
    """The checked header values of `receipt` by attribute name, without the connection,
    its shop and the credited receipt's id (the importer's to fill in)."""
    mplus_id = text(receipt.receipt_id, "receipt id", max_length=64, blank=False)
    what = f"receipt {mplus_id}"
    year, number = _number(receipt.receipt_number, what)
    if receipt.receipt_type not in RECEIPT_TYPES:
        raise PosDataError(f"{what}: unknown receipt type {receipt.receipt_type!r}")
    if receipt.state not in RECEIPT_STATES:
        raise PosDataError(f"{what}: unknown receipt state {receipt.state!r}")
    entry = receipt.entry_timestamp
    session = next((sessions[o] for o in receipt.order_ids if o in sessions), "")
    return dict(
        mplus_id=mplus_id,
        transaction_string=text(receipt.transaction_string, f"{what}: transaction", max_length=200),
        receipt_year=year,
        receipt_number=number,
        barcode=text(receipt.receipt_barcode, f"{what}: barcode", max_length=100),
        receipt_type=RECEIPT_TYPES[receipt.receipt_type].value,
        state=RECEIPT_STATES[receipt.state].value,
        financial_date=None
        if receipt.financial_date is None
        else day(receipt.financial_date, f"{what}: financial date"),
        entry_at=None if entry is None else aware(entry, f"{what}: entry time"),
        branch_number=whole(receipt.branch_number, f"{what}: branch", bits=32),
        workplace_number=whole(receipt.workplace_number, f"{what}: workplace", bits=32),
        employee_number=whole(receipt.employee_number, f"{what}: employee"),
        employee_name=text(receipt.employee_name, f"{what}: employee name", max_length=200),
        relation_number=optional_whole(receipt.relation_number, f"{what}: relation"),
        total_incl_cents=whole(receipt.total_incl_cents, f"{what}: total incl. VAT"),
        total_excl_cents=whole(receipt.total_excl_cents, f"{what}: total excl. VAT"),
        paid_cents=whole(receipt.paid_cents, f"{what}: paid amount"),
        credited_mplus_id=text(receipt.credited_receipt_id, f"{what}: credited", max_length=64),
        webhook_session_id=text(session, f"{what}: webhook session", max_length=200),
        sync_marker=optional_whole(receipt.sync_marker, f"{what}: sync marker"),
    )


def receipt_children(
    receipt: pos.Receipt, mplus_id: str
) -> tuple[list[ReceiptLine], list[ReceiptPayment], list[ReceiptVatGroup]]:
    """Unsaved lines, payments and VAT groups of `receipt`, in the POS's order."""
    lines, payments, groups = receipt_child_values(receipt, mplus_id)
    return (
        [ReceiptLine(**values) for values in lines],
        [ReceiptPayment(**values) for values in payments],
        [ReceiptVatGroup(**values) for values in groups],
    )


def receipt_child_values(
    receipt: pos.Receipt, mplus_id: str
) -> tuple[list[dict], list[dict], list[dict]]:
    """The checked column values (by attribute name, without the receipt) of the lines,
    payments and VAT groups of `receipt`. Plain dicts: building a model instance per
    line costs more than the COPY that stores it on PostgreSQL."""
    what = f"receipt {mplus_id}"
    lines = [_line(line, f"{what} line {i}", i) for i, line in enumerate(receipt.lines, 1)]
    payments = [
        _payment(payment, f"{what} payment {i}", i) for i, payment in enumerate(receipt.payments, 1)
    ]
    groups = [_vat_group(group, f"{what} VAT group") for group in receipt.vat_groups]
    return lines, payments, groups


def _number(number: object, what: str) -> tuple[int | None, int | None]:
    """(year, number) of the POS's (branch, workplace, year, number); None when absent."""
    if number is None:
        return None, None
    if not isinstance(number, tuple) or len(number) != 4:
        raise PosDataError(
            f"{what}: receipt number {number!r} is not (branch, workplace, year, number)"
        )
    year = whole(number[2], f"{what}: receipt year", minimum=0, bits=32)
    return year, whole(number[3], f"{what}: receipt number", minimum=0)


def _quantity(value: object, what: str) -> tuple[Decimal, int]:
    """The quantity and how many decimal places the POS gave it."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise PosDataError(f"{what}: quantity {value!r} is not a decimal number")
    exponent = value.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    if places > QUANTITY_PLACES or value.adjusted() >= QUANTITY_DIGITS - QUANTITY_PLACES:
        raise PosDataError(f"{what}: quantity {value} does not fit (at most 6 decimal places)")
    return value, places


def _percent(value: object, what: str) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite() or abs(value) > PERCENT_LIMIT:
        raise PosDataError(f"{what}: percentage {value!r} is not one")
    if value != value.quantize(Decimal("0.01")):
        raise PosDataError(f"{what}: percentage {value} has more than 2 decimal places")
    return value


def _line(line: pos.Line, what: str, position: int) -> dict:
    quantity, places = _quantity(line.quantity, what)
    return dict(
        position=position,
        article_number=whole(line.article_number, f"{what}: article number"),
        description=text(line.description, f"{what}: text", max_length=500),
        quantity=quantity,
        quantity_places=places,
        unit_price_cents=optional_whole(line.price_cents, f"{what}: price"),
        discount_cents=optional_whole(line.discount_cents, f"{what}: discount"),
        discount_percentage=_percent(line.discount_percentage, f"{what}: discount"),
        total_incl_cents=optional_whole(line.total_incl_cents, f"{what}: total incl. VAT"),
        total_excl_cents=optional_whole(line.total_excl_cents, f"{what}: total excl. VAT"),
        vat_percentage=_percent(line.vat_percentage, f"{what}: VAT"),
        vat_code=optional_whole(line.vat_code, f"{what}: VAT code", bits=32),
        line_id=text(line.line_id, f"{what}: line id", max_length=64),
    )


def _payment(payment: pos.Payment, what: str, position: int) -> dict:
    return dict(
        position=position,
        method=text(payment.method, f"{what}: method", max_length=100, blank=False),
        description=text(payment.description, f"{what}: description", max_length=200),
        method_type=text(payment.method_type, f"{what}: method type", max_length=100),
        amount_cents=whole(payment.amount_cents, f"{what}: amount"),
    )


def _vat_group(group: pos.VatGroup, what: str) -> dict:
    percentage = _percent(group.percentage, what)
    if percentage is None:
        raise PosDataError(f"{what}: has no percentage")
    excl = optional_whole(group.excl_amount_cents, f"{what} {percentage}%: amount excl. VAT")
    vat = optional_whole(group.vat_amount_cents, f"{what} {percentage}%: VAT amount")
    return dict(
        vat_code=whole(group.vat_code, f"{what} {percentage}%: VAT code", bits=32),
        percentage=percentage,
        amount_excl_cents=excl,
        amount_vat_cents=vat,
        # Both parts are the POS's; adding them is not recomputing VAT.
        amount_incl_cents=None if excl is None or vat is None else excl + vat,
    )
