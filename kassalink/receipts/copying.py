"""A page of receipts written with PostgreSQL's COPY (psycopg 3's `cursor.copy`).

Django's bulk_create builds one INSERT per batch in Python, field by field and row by
row, which is most of an import's time on PostgreSQL. COPY streams the same values as
rows; the receipts' ids are taken from their table's sequence first, so the lines,
payments and VAT groups can point at them in the same COPY round. Everything runs on
the caller's connection, inside its transaction: a failure rolls the page back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import connections, models, router


def uses_copy(model: type[models.Model]) -> bool:
    """Whether `model`'s database takes COPY (PostgreSQL); SQLite keeps the ORM path."""
    return connections[router.db_for_write(model)].vendor == "postgresql"


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys from `model`'s id sequence (identity or serial)."""
    if not count:
        return []
    db = connections[router.db_for_write(model)]
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def copy_rows(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """Insert unsaved `rows` (primary key set or left to the database) with one COPY.

    Values go through each field's `pre_save` and `get_db_prep_save`, as bulk_create's
    do, so auto_now_add stamps and choices are stored exactly as the ORM stores them.
    """
    if not rows:
        return
    db = connections[router.db_for_write(model)]
    with_pk = rows[0].pk is not None
    fields = [field for field in model._meta.concrete_fields if with_pk or not field.primary_key]
    quote = db.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    # Table and column names come from the model; values travel as COPY data.
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    prepared = [(field, _is_plain(field)) for field in fields]
    with db.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(
                [
                    getattr(row, field.attname)
                    if plain
                    else field.get_db_prep_save(field.pre_save(row, True), db)
                    for field, plain in prepared
                ]
            )


def copy_values(
    model: type[models.Model], children: Sequence[tuple[int, Mapping[str, object]]]
) -> None:
    """Insert child rows given as (receipt id, column values by attribute name) with one
    COPY; every child of a page has the same keys (rows.receipt_child_values)."""
    if not children:
        return
    db = connections[router.db_for_write(model)]
    names = list(children[0][1])
    quote = db.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in ("receipt", *names))
    # Table and column names come from the model; values travel as COPY data.
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with db.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for receipt_id, values in children:
            copy.write_row([receipt_id, *values.values()])


def _is_plain(field: models.Field) -> bool:
    """Fields whose Python value psycopg writes as it is (the common case, and the hot
    loop): no auto stamp to fill in, no choices enum to turn into its value."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return False
    if field.choices:
        return False
    # IntegerField covers the big, small and auto kinds; ForeignKey stores the id.
    return isinstance(field, models.IntegerField | models.CharField | models.ForeignKey)
