"""The statements of a page of receipts on PostgreSQL: COPY for new rows (psycopg 3's
`cursor.copy`), one statement per page for everything else.

Django's bulk_create builds one INSERT per batch in Python, field by field and row by
row, which is most of an import's time on PostgreSQL. COPY streams rows that are
already the columns' values (kassalink.receipts.columns); the receipts' ids are taken
from their table's sequence first, so the lines, payments and VAT groups can point at
them in the same COPY round. Everything runs on the caller's connection, inside its
transaction: a failure rolls the page back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connections, models, router


def uses_copy(model: type[models.Model]) -> bool:
    """Whether `model`'s database takes COPY (PostgreSQL); SQLite keeps the ORM path."""
    return connections[router.db_for_write(model)].vendor == "postgresql"


def _db(model: type[models.Model]):
    return connections[router.db_for_write(model)]


def _table_and_columns(model: type[models.Model], names: Sequence[str]) -> tuple[str, str]:
    quote = _db(model).ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    return quote(model._meta.db_table), columns


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys from `model`'s id sequence (identity or serial)."""
    if not count:
        return []
    with _db(model).cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def stored_versions(
    model: type[models.Model], connection_id: int, mplus_ids: Sequence[str]
) -> dict[str, tuple[int, int | None]]:
    """(id, sync marker) by POS id of the rows of a connection stored under `mplus_ids`:
    one query on the (connection, mplus_id) unique index, whatever the page's size."""
    if not mplus_ids:
        return {}
    table, _ = _table_and_columns(model, ())
    with _db(model).cursor() as cursor:
        cursor.execute(
            # Table name from the model; values are bound parameters.
            f"SELECT mplus_id, id, sync_marker FROM {table} "  # noqa: S608
            "WHERE connection_id = %s AND mplus_id = ANY(%s)",
            [connection_id, list(mplus_ids)],
        )
        return {mplus_id: (pk, marker) for mplus_id, pk, marker in cursor.fetchall()}


def copy_tuples(model: type[models.Model], names: Sequence[str], rows: Iterable[tuple]) -> None:
    """Insert `rows` (tuples of the values of the fields `names`, ready for the database:
    ints, strings, dates, aware date-times, Decimals, None) with one COPY. Text format:
    binary COPY (set_types) measured no faster here, in total, on these tables."""
    table, columns = _table_and_columns(model, names)
    # Table and column names come from the model; values travel as COPY data.
    with (
        _db(model).cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        write = copy.write_row
        for row in rows:
            write(row)


def update_tuples(model: type[models.Model], names: Sequence[str], rows: Sequence[tuple]) -> None:
    """Write the fields `names` of stored rows, each a tuple of their values with the
    primary key last; one prepared UPDATE run (psycopg pipelines executemany)."""
    if not rows:
        return
    db = _db(model)
    quote = db.ops.quote_name
    table, _ = _table_and_columns(model, ())
    assignments = ", ".join(f"{quote(model._meta.get_field(n).column)} = %s" for n in names)
    with db.cursor() as cursor:
        # Table and column names come from the model, every value is a bound parameter.
        cursor.executemany(
            f"UPDATE {table} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s",  # noqa: S608
            rows,
        )


def delete_children(model: type[models.Model], receipt_ids: Sequence[int]) -> None:
    """Delete the rows of `model` that belong to these receipts (replaced as a whole)."""
    if not receipt_ids:
        return
    table, column = _table_and_columns(model, ("receipt",))
    with _db(model).cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} = ANY(%s)", [list(receipt_ids)])  # noqa: S608


def link_waiting_credits(model: type[models.Model], connection_id: int, arrived: list[str]) -> int:
    """Point stored credit receipts of the connection that wait for one of the receipts
    that `arrived` (POS ids, stored by now) at it; how many were linked. Finds them on
    the (connection, credited_mplus_id) index, each original on the unique index."""
    if not arrived:
        return 0
    table, _ = _table_and_columns(model, ())
    with _db(model).cursor() as cursor:
        cursor.execute(
            # Table name from the model; values are bound parameters.
            f"UPDATE {table} AS waiting SET credited_receipt_id = ("  # noqa: S608
            f"SELECT original.id FROM {table} AS original "
            "WHERE original.connection_id = waiting.connection_id "
            "AND original.mplus_id = waiting.credited_mplus_id) "
            "WHERE waiting.connection_id = %s AND waiting.credited_receipt_id IS NULL "
            "AND waiting.credited_mplus_id = ANY(%s)",
            [connection_id, arrived],
        )
        return cursor.rowcount
