"""What every app's `imports` module shares: the error for MplusKASSA data we refuse, the
checks that raise it, and the rule that one page is written as one savepoint inside the
caller's transaction (the sync stream saves its cursor in that same transaction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.contrib import admin
from django.db import connections, models, router, transaction
from django.http import HttpRequest

from kassalink.mplus.errors import readable

Row = TypeVar("Row", bound=models.Model)


class PosDataError(ValueError):
    """The POS sent something we cannot store as it is; nothing of the page was written.

    The message names the record by its MplusKASSA key and the field, so a person can
    look it up in the POS. Retrying the same page gives the same error. A value quoted
    in it is cut to a readable length (a 200 MB name must not reach the run log whole).
    """

    def __init__(self, message: str) -> None:
        super().__init__(readable(message))


class ImportOutsideTransaction(RuntimeError):
    """An import was called in autocommit mode, where its rows and the stream's cursor
    could be saved apart; call it inside `transaction.atomic()`."""


@contextmanager
def page_savepoint() -> Iterator[None]:
    """Write one page as a unit: a savepoint in the caller's transaction, never a commit.

    A failure half-way rolls the page back even when the caller catches the exception
    and goes on; the commit (with the cursor) stays the caller's.
    """
    if not transaction.get_connection().in_atomic_block:
        raise ImportOutsideTransaction(
            "imports must run inside the caller's transaction.atomic(), together with "
            "saving the stream's cursor"
        )
    with transaction.atomic():
        yield


def aware(value: object, what: str) -> dt.datetime:
    """`value` as an aware datetime, or PosDataError naming `what`."""
    if not isinstance(value, dt.datetime):
        raise PosDataError(f"{what}: expected a date-time, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise PosDataError(f"{what}: the date-time {value.isoformat()} has no UTC offset")
    return value


def day(value: object, what: str) -> dt.date:
    """`value` as a date (not a date-time), or PosDataError naming `what`."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise PosDataError(f"{what}: expected a date, got {value!r}")
    return value


# The integer columns we have: 32 bits where the WSDL says xsd:int (branch, workplace,
# VAT code, year), 64 bits elsewhere (its widest type, xsd:long).
INT_RANGES = {32: (-(2**31), 2**31 - 1), 64: (-(2**63), 2**63 - 1)}


def whole(value: object, what: str, *, minimum: int | None = None, bits: int = 64) -> int:
    """`value` as an int (never a float or a bool) that fits a column of `bits`, or
    PosDataError naming `what` (a bigger one would be a raw OverflowError or an "integer
    out of range" at the database)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise PosDataError(f"{what}: expected a whole number, got {readable(repr(value))}")
    low, high = INT_RANGES[bits]
    if not low <= value <= high:
        raise PosDataError(f"{what}: the number {readable(str(value), 40)} is too large to store")
    if minimum is not None and value < minimum:
        raise PosDataError(f"{what}: {value} is below {minimum}")
    return value


def optional_whole(value: object, what: str, *, bits: int = 64) -> int | None:
    return None if value is None else whole(value, what, bits=bits)


def text(value: object, what: str, *, max_length: int, blank: bool = True) -> str:
    """`value` as a string that fits its column (None → ""), or PosDataError.

    One rule for every text from the POS: a value longer than its column fails the page
    (and so the run, which says which record and field) and is never stored shortened,
    as if it were whole."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise PosDataError(f"{what}: expected text, got {readable(repr(value))}")
    if not blank and not value.strip():
        raise PosDataError(f"{what}: is empty")
    if len(value) > max_length:
        raise PosDataError(
            f"{what}: {len(value):,} characters, longer than the {max_length} we store"
        )
    return value


@dataclass
class RowPlan(Generic[Row]):
    """What a page does to the rows already stored under the same source keys."""

    create: list[Row] = field(default_factory=list)
    update: list[Row] = field(default_factory=list)
    unchanged: int = 0


def plan_rows(
    existing: Mapping[Hashable, Row], incoming: Mapping[Hashable, Row], fields: Sequence[str]
) -> RowPlan[Row]:
    """Sort incoming unsaved rows into new, changed (copied onto the stored row) and
    unchanged, comparing only `fields`; so a page applied twice changes nothing."""
    plan: RowPlan[Row] = RowPlan()
    for key, row in incoming.items():
        stored = existing.get(key)
        if stored is None:
            plan.create.append(row)
        elif any(getattr(stored, name) != getattr(row, name) for name in fields):
            for name in fields:
                setattr(stored, name, getattr(row, name))
            plan.update.append(stored)
        else:
            plan.unchanged += 1
    return plan


class ImportedRowAdmin(admin.ModelAdmin):
    """Admin for rows only an import writes: to look at, never to edit (the next sync
    would silently undo an edit, or an edit would hide what the POS really says)."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def update_rows(
    model: type[models.Model], rows: Sequence[models.Model], fields: Sequence[str]
) -> None:
    """Write `fields` of stored rows back, one prepared UPDATE run for all of them.

    Django's bulk_update builds a CASE expression per field and row in Python, which
    took seconds for a page of changed receipts; executemany does the same in
    milliseconds on every backend.
    """
    if not rows:
        return
    db = connections[router.db_for_write(model)]
    quote = db.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    # Table and column names come from the model, every value is a bound parameter.
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
    values = [
        [column.get_db_prep_save(getattr(row, column.attname), db) for column in columns] + [row.pk]
        for row in rows
    ]
    with db.cursor() as cursor:
        cursor.executemany(sql, values)
