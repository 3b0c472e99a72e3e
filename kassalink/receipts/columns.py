"""A page of receipts as checked columns: one list per database column, in page order.

rows.py checks a receipt field by field, a Python call per value; for a page of 500
receipts with their lines that is a third of an import on PostgreSQL. Here each column
is checked at once with builtins that run in C (the set of its types, its min and max,
its longest text, its distinct percentages), and rows are zipped from the columns. The
rules are rows.py's: when a column fails a check the page is converted again with
rows.py, which raises the PosDataError that names the receipt and the field (or, should
a check here be stricter than rows.py, gives the values).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from operator import attrgetter

from kassalink.mplus import types as pos
from kassalink.sync.importing import INT_RANGES

from .rows import (
    PERCENT_LIMIT,
    QUANTITY_DIGITS,
    QUANTITY_PLACES,
    RECEIPT_STATES,
    RECEIPT_TYPES,
    receipt_child_values,
    receipt_values,
)

# Column names (model attnames) in the order rows are zipped; the receipt's id and the
# stamps are added by the writer.
HEADER = (
    "mplus_id",
    "transaction_string",
    "receipt_year",
    "receipt_number",
    "barcode",
    "receipt_type",
    "state",
    "financial_date",
    "entry_at",
    "branch_number",
    "workplace_number",
    "employee_number",
    "employee_name",
    "relation_number",
    "total_incl_cents",
    "total_excl_cents",
    "paid_cents",
    "credited_mplus_id",
    "webhook_session_id",
    "sync_marker",
)
LINE = (
    "position",
    "article_number",
    "description",
    "quantity",
    "quantity_places",
    "unit_price_cents",
    "discount_cents",
    "discount_percentage",
    "total_incl_cents",
    "total_excl_cents",
    "vat_percentage",
    "vat_code",
    "line_id",
)
PAYMENT = ("position", "method", "description", "method_type", "amount_cents")
VAT_GROUP = ("vat_code", "percentage", "amount_excl_cents", "amount_vat_cents", "amount_incl_cents")
CHILDREN = (LINE, PAYMENT, VAT_GROUP)

# The database's values of the POS's enums (plain str: what the ORM stores).
_TYPES = {kind: str(value.value) for kind, value in RECEIPT_TYPES.items()}
_STATES = {state: str(value.value) for state, value in RECEIPT_STATES.items()}
_CENT = Decimal("0.01")
NoneType = type(None)


class _Unchecked(Exception):
    """A column failed a check: rows.py converts the page and says which value."""


@dataclass
class PageColumns:
    """Checked values of a page: `header[name]` per receipt; each child kind's columns
    with `receipt`, the index of its receipt in the header columns."""

    header: dict[str, list]
    children: tuple[dict[str, list], dict[str, list], dict[str, list]]
    duplicates: int = 0

    def __len__(self) -> int:
        return len(self.header["mplus_id"])


def page_columns(receipts: Sequence[pos.Receipt], sessions: dict[str, str]) -> PageColumns:
    """The page's checked columns; raises PosDataError as rows.py does."""
    try:
        _check_distinct(receipts)
        return PageColumns(_header(receipts, sessions), _children(receipts))
    except _Unchecked:
        return _page_by_rows(receipts, sessions)


def _check_distinct(receipts: Sequence[pos.Receipt]) -> None:
    """Each receipt id once, as text. A receipt repeated in a page (changed while the POS
    paged) is rare: rows.py keeps the newest, comparing markers it has checked."""
    ids = list(map(attrgetter("receipt_id"), receipts))
    if set(map(type, ids)) - {str} or len(set(ids)) != len(ids):
        raise _Unchecked


def _page_by_rows(receipts: Sequence[pos.Receipt], sessions: dict[str, str]) -> PageColumns:
    """rows.py's conversion, receipt by receipt (and its error, if any), as columns."""
    by_id: dict[str, tuple[dict, tuple]] = {}
    for receipt in receipts:
        values = receipt_values(receipt, sessions)
        earlier = by_id.get(values["mplus_id"])
        if earlier is not None and _row_marker(earlier[0]) > _row_marker(values):
            continue
        by_id[values["mplus_id"]] = (values, receipt_child_values(receipt, values["mplus_id"]))
    header: dict[str, list] = {name: [] for name in HEADER}
    children: tuple[dict[str, list], ...] = tuple(
        {name: [] for name in ("receipt", *names)} for names in CHILDREN
    )
    for index, (values, kinds) in enumerate(by_id.values()):
        for name in HEADER:
            header[name].append(values[name])
        for columns, rows in zip(children, kinds, strict=True):
            for row in rows:
                columns["receipt"].append(index)
                for name, value in row.items():
                    columns[name].append(value)
    return PageColumns(header, children, duplicates=len(receipts) - len(by_id))  # type: ignore[arg-type]


def _row_marker(values: dict) -> int:
    return -1 if values["sync_marker"] is None else values["sync_marker"]


# --- the receipts ----------------------------------------------------------------------


def _header(receipts: Sequence[pos.Receipt], sessions: dict[str, str]) -> dict[str, list]:
    columns = _transpose(receipts, pos.Receipt._fields)
    numbers = columns["receipt_number"]
    if set(map(type, numbers)) - {tuple, NoneType}:
        raise _Unchecked
    present = [number for number in numbers if number is not None]
    if set(map(len, present)) - {4}:
        raise _Unchecked
    years = [None if number is None else number[2] for number in numbers]
    serials = [None if number is None else number[3] for number in numbers]
    types = list(map(_TYPES.get, columns["receipt_type"]))
    states = list(map(_STATES.get, columns["state"]))
    if None in types or None in states:
        raise _Unchecked
    return {
        "mplus_id": _text(columns["receipt_id"], 64, blank=False),
        "transaction_string": _text(columns["transaction_string"], 200),
        "receipt_year": _whole(years, bits=32, minimum=0, optional=True),
        "receipt_number": _whole(serials, minimum=0, optional=True),
        "barcode": _text(columns["receipt_barcode"], 100),
        "receipt_type": types,
        "state": states,
        "financial_date": _days(columns["financial_date"]),
        "entry_at": _moments(columns["entry_timestamp"]),
        "branch_number": _whole(columns["branch_number"], bits=32),
        "workplace_number": _whole(columns["workplace_number"], bits=32),
        "employee_number": _whole(columns["employee_number"]),
        "employee_name": _text(columns["employee_name"], 200),
        "relation_number": _whole(columns["relation_number"], optional=True),
        "total_incl_cents": _whole(columns["total_incl_cents"]),
        "total_excl_cents": _whole(columns["total_excl_cents"]),
        "paid_cents": _whole(columns["paid_cents"]),
        "credited_mplus_id": _text(columns["credited_receipt_id"], 64),
        "webhook_session_id": _text(_sessions(columns["order_ids"], sessions), 200),
        "sync_marker": _whole(columns["sync_marker"], optional=True),
    }


def _sessions(order_ids: list[tuple[str, ...]], sessions: dict[str, str]) -> list[str]:
    """Per receipt, the webhook session of its first order that has one (rows.py)."""
    if not sessions:
        return [""] * len(order_ids)
    return [next((sessions[o] for o in orders if o in sessions), "") for orders in order_ids]


# --- lines, payments, VAT groups ----------------------------------------------------------


def _children(
    receipts: Sequence[pos.Receipt],
) -> tuple[dict[str, list], dict[str, list], dict[str, list]]:
    return (
        _lines(*_flatten(receipts, "lines", pos.Line._fields)),
        _payments(*_flatten(receipts, "payments", pos.Payment._fields)),
        _vat_groups(*_flatten(receipts, "vat_groups", pos.VatGroup._fields)),
    )


def _flatten(
    receipts: Sequence[pos.Receipt], kind: str, fields: tuple[str, ...]
) -> tuple[list[int], list[int], dict[str, list]]:
    """The children of every receipt in one list: (receipt index, position from 1,
    columns by field)."""
    per_receipt = list(map(attrgetter(kind), receipts))
    owners = [index for index, items in enumerate(per_receipt) for _ in items]
    positions = [position for items in per_receipt for position in range(1, len(items) + 1)]
    return owners, positions, _transpose(list(chain.from_iterable(per_receipt)), fields)


def _lines(owners: list[int], positions: list[int], c: dict[str, list]) -> dict[str, list]:
    quantities, places = _quantities(c["quantity"])
    return {
        "receipt": owners,
        "position": positions,
        "article_number": _whole(c["article_number"]),
        "description": _text(c["description"], 500),
        "quantity": quantities,
        "quantity_places": places,
        "unit_price_cents": _whole(c["price_cents"], optional=True),
        "discount_cents": _whole(c["discount_cents"], optional=True),
        "discount_percentage": _percentages(c["discount_percentage"], optional=True),
        "total_incl_cents": _whole(c["total_incl_cents"], optional=True),
        "total_excl_cents": _whole(c["total_excl_cents"], optional=True),
        "vat_percentage": _percentages(c["vat_percentage"], optional=True),
        "vat_code": _whole(c["vat_code"], bits=32, optional=True),
        "line_id": _text(c["line_id"], 64),
    }


def _payments(owners: list[int], positions: list[int], c: dict[str, list]) -> dict[str, list]:
    return {
        "receipt": owners,
        "position": positions,
        "method": _text(c["method"], 100, blank=False),
        "description": _text(c["description"], 200),
        "method_type": _text(c["method_type"], 100),
        "amount_cents": _whole(c["amount_cents"]),
    }


def _vat_groups(owners: list[int], _positions: list[int], c: dict[str, list]) -> dict[str, list]:
    excl = _whole(c["excl_amount_cents"], optional=True)
    vat = _whole(c["vat_amount_cents"], optional=True)
    return {
        "receipt": owners,
        "vat_code": _whole(c["vat_code"], bits=32),
        "percentage": _percentages(c["percentage"]),
        "amount_excl_cents": excl,
        "amount_vat_cents": vat,
        # Both parts are the POS's; adding them is not recomputing VAT.
        "amount_incl_cents": [
            None if e is None or v is None else e + v for e, v in zip(excl, vat, strict=True)
        ],
    }


# --- checks of a whole column -------------------------------------------------------------


def _transpose(records: list, fields: tuple[str, ...]) -> dict[str, list]:
    if not records:
        return {name: [] for name in fields}
    return dict(zip(fields, map(list, zip(*records, strict=True)), strict=True))


def _whole(
    column: list, *, bits: int = 64, minimum: int | None = None, optional: bool = False
) -> list:
    """Ints (never bools or floats) that fit `bits` and are at least `minimum`."""
    allowed = {int, NoneType} if optional else {int}
    if not set(map(type, column)) <= allowed:
        raise _Unchecked
    # None and 0 dropped: 0 fits every range we check.
    present = list(filter(None, column)) if optional else column
    if present:
        low, high = INT_RANGES[bits]
        if minimum is not None:
            low = max(low, minimum)
        if min(present) < low or max(present) > high:
            raise _Unchecked
    return column


def _text(column: list, max_length: int, *, blank: bool = True) -> list:
    """Strings (None read as "") of at most `max_length` characters."""
    kinds = set(map(type, column))
    if NoneType in kinds:
        column = ["" if value is None else value for value in column]
        kinds.discard(NoneType)
    if not kinds <= {str} or max(map(len, column), default=0) > max_length:
        raise _Unchecked
    if not blank and not all(map(str.strip, column)):
        raise _Unchecked
    return column


def _days(column: list) -> list:
    if not set(map(type, column)) <= {dt.date, NoneType}:
        raise _Unchecked
    return column


def _moments(column: list) -> list:
    """Aware date-times (or None)."""
    if not set(map(type, column)) <= {dt.datetime, NoneType}:
        raise _Unchecked
    present = [moment for moment in column if moment is not None]
    if None in map(dt.datetime.utcoffset, present):
        raise _Unchecked
    return column


def _percentages(column: list, *, optional: bool = False) -> list:
    """Decimals of at most 2 places that a DecimalField(7, 2) holds; a page has a few
    distinct ones, so each is checked once."""
    distinct = set(column)
    if optional:
        distinct.discard(None)
    if not set(map(type, distinct)) <= {Decimal}:
        raise _Unchecked
    for value in distinct:
        if not value.is_finite() or abs(value) > PERCENT_LIMIT or value != value.quantize(_CENT):
            raise _Unchecked
    return column


def _quantities(column: list) -> tuple[list, list[int]]:
    """Quantities and how many decimal places the POS gave each (rows._quantity), worked
    out once per distinct spelling ("1" and "1.000" are equal but differ in places)."""
    if not set(map(type, column)) <= {Decimal}:
        raise _Unchecked
    spelled = list(map(str, column))
    places_of: dict[str, int] = {}
    for text, value in dict(zip(spelled, column, strict=True)).items():
        if not value.is_finite():
            raise _Unchecked
        exponent = value.as_tuple().exponent
        places = max(0, -exponent)
        if places > QUANTITY_PLACES or value.adjusted() >= QUANTITY_DIGITS - QUANTITY_PLACES:
            raise _Unchecked
        places_of[text] = places
    return column, list(map(places_of.__getitem__, spelled))


def rows_of(columns: dict[str, list], names: Iterable[str]) -> Iterable[tuple]:
    """The rows of `columns` as tuples of the values of `names`, in that order."""
    return zip(*(columns[name] for name in names), strict=True)
