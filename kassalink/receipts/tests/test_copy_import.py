"""On PostgreSQL a page of receipts goes in with COPY: it must store exactly what the ORM
path stores for the same pages, and stay idempotent."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import connection as db

from kassalink.receipts import imports
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.models import Receipt, ReceiptLine, ReceiptPayment, ReceiptVatGroup
from kassalink.receipts.signals import receipts_stored

from .sales import AMS, bread, cheese, credit, sale

pytestmark = pytest.mark.skipif(
    db.vendor != "postgresql", reason="the COPY path is PostgreSQL's; SQLite keeps the ORM"
)

NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=AMS)
# Per-database identity and stamps: they differ between two imports by nature.
NOT_COMPARED = {"id", "organization", "connection", "imported_at", "changed_at"}


def pages() -> list[list]:
    """Three pages: sales, a credit before its original arrives, and a changed receipt."""
    ids = [str(uuid.UUID(int=n)) for n in range(1, 31)]
    first = [
        sale(
            NOON + dt.timedelta(minutes=n),
            (bread(str(n % 3 + 1)), cheese()),
            receipt_id=i,
            marker=n + 1,
            relation_number=n if n % 2 else None,
        )
        for n, i in enumerate(ids[:20])
    ]
    original = sale(NOON + dt.timedelta(hours=2), receipt_id=ids[25], marker=40)
    returned = credit(original, NOON + dt.timedelta(hours=3), marker=41)
    changed = sale(NOON, (bread("5"),), receipt_id=ids[0], marker=50)
    second = [returned, *first[5:8]]  # the credit first; the rest unchanged
    third = [original, changed]
    return [first, second, third]


def snapshot(connection) -> list[tuple]:
    receipts = Receipt.objects.filter(connection=connection).order_by("mplus_id")
    header = [f.attname for f in Receipt._meta.concrete_fields if f.name not in NOT_COMPARED]
    rows = [
        (
            *(r[name] for name in header if name != "credited_receipt_id"),
            r["credited_receipt__mplus_id"],
        )
        for r in receipts.values(*header, "credited_receipt__mplus_id")
    ]
    for model in (ReceiptLine, ReceiptPayment, ReceiptVatGroup):
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in {"id", "receipt"}]
        children = model.objects.filter(receipt__connection=connection)
        rows += [
            (model.__name__, *values)
            for values in children.order_by("receipt__mplus_id", *fields).values_list(
                "receipt__mplus_id", *fields
            )
        ]
    return rows


def apply(connection, page_list: list[list]) -> list:
    from django.db import transaction

    results = []
    for page in page_list:
        with transaction.atomic():
            results.append(import_receipts(connection, page))
    return results


def test_copy_stores_what_the_orm_stores(alice, bob, monkeypatch):
    with monkeypatch.context() as orm:
        orm.setattr(imports, "uses_copy", lambda model: False)
        same = pages()  # the credit receipt's id is random: one set of pages for both
        orm_results = apply(alice, same)
    copy_results = apply(bob, same)

    assert snapshot(bob) == snapshot(alice)
    assert [(r.created, r.updated, r.skipped, r.notes) for r in copy_results] == [
        (r.created, r.updated, r.skipped, r.notes) for r in orm_results
    ]
    returned = Receipt.objects.get(connection=bob, receipt_type=Receipt.Type.CREDIT)
    assert returned.credited_receipt.mplus_id == str(uuid.UUID(int=26))
    assert Receipt.objects.get(connection=bob, mplus_id=str(uuid.UUID(int=1))).lines.count() == 1


def test_copy_page_twice_changes_nothing(bob):
    same = pages()
    apply(bob, same)
    before = snapshot(bob)
    ids = sorted(Receipt.objects.filter(connection=bob).values_list("id", "changed_at"))

    again = apply(bob, same[2:])

    assert (again[0].created, again[0].updated, again[0].skipped) == (0, 0, 2)
    assert snapshot(bob) == before
    assert sorted(Receipt.objects.filter(connection=bob).values_list("id", "changed_at")) == ids


def test_copy_rows_are_announced_by_id(alice):
    announced = []

    def listen(sender, connection, receipt_ids, **kwargs):
        announced.extend(receipt_ids)

    receipts_stored.connect(listen)
    try:
        apply(alice, pages()[:1])
    finally:
        receipts_stored.disconnect(listen)

    assert sorted(announced) == sorted(
        Receipt.objects.filter(connection=alice).values_list("pk", flat=True)
    )
    assert ReceiptLine.objects.filter(receipt_id__in=announced).count() == 40


def test_a_page_broken_off_mid_write_leaves_nothing_and_a_rerun_stores_each_receipt_once(
    bob, monkeypatch
):
    from django.db import transaction

    from kassalink.receipts import copying
    from kassalink.sync.models import SyncState

    page = pages()[0]
    state = SyncState.objects.create(connection=bob, stream="receipts", cursor={})
    write = copying.copy_tuples

    def break_off_at_vat_groups(model, names, rows):
        # Receipts, lines and payments are in the table by now; the connection drops.
        if model is ReceiptVatGroup:
            raise ConnectionError("server closed the connection unexpectedly")
        write(model, names, rows)

    with monkeypatch.context() as broken:
        broken.setattr(copying, "copy_tuples", break_off_at_vat_groups)
        with pytest.raises(ConnectionError), transaction.atomic():
            import_receipts(bob, page)
            SyncState.objects.filter(pk=state.pk).update(cursor={"sync_marker": 20})

    assert not Receipt.objects.filter(connection=bob).exists()
    assert not ReceiptLine.objects.filter(receipt__connection=bob).exists()
    state.refresh_from_db()
    assert state.cursor == {}

    first, again = apply(bob, [page, page])

    assert (first.created, again.created, again.updated, again.skipped) == (20, 0, 0, 20)
    ids = list(Receipt.objects.filter(connection=bob).values_list("mplus_id", flat=True))
    assert sorted(ids) == sorted(r.receipt_id for r in page)
    assert ReceiptLine.objects.filter(receipt__connection=bob).count() == 40
    assert ReceiptVatGroup.objects.filter(receipt__connection=bob).count() == sum(
        len(r.vat_groups) for r in page
    )


def test_a_receipt_twice_in_one_page_is_stored_once_as_its_newest(alice, bob, monkeypatch):
    newer = sale(NOON, (bread("2"),), receipt_id=str(uuid.UUID(int=99)), marker=61)
    older = newer._replace(sync_marker=60, lines=(cheese(),))
    page = [newer, sale(NOON, marker=62), older]
    with monkeypatch.context() as orm:
        orm.setattr(imports, "uses_copy", lambda model: False)
        (on_orm,) = apply(alice, [page])
    (on_copy,) = apply(bob, [page])

    assert snapshot(bob) == snapshot(alice)
    assert (on_copy.created, on_copy.skipped) == (on_orm.created, on_orm.skipped) == (2, 1)
    stored = Receipt.objects.get(connection=bob, mplus_id=newer.receipt_id)
    assert (stored.sync_marker, stored.lines.get().quantity) == (61, 2)


def test_copy_keeps_text_with_tabs_newlines_and_backslashes_and_odd_numbers(
    alice, bob, monkeypatch
):
    """COPY's text format escapes four characters and reads \\N as a missing value: a
    shop's own texts must come back exactly, as the ORM path stores them."""
    tricky = bread()._replace(
        description="Brood\tvolkoren\nmet zaden \\N \\\\ C:\\kassa\r",
        quantity=Decimal("1E+1"),
        vat_percentage=Decimal("0E-2"),
    )
    page = [
        sale(
            NOON,
            (tricky, cheese("0.000")),
            marker=1,
            employee_name="\\N",
            transaction_string="",
            relation_number=0,
        )
    ]
    with monkeypatch.context() as orm:
        orm.setattr(imports, "uses_copy", lambda model: False)
        apply(alice, [page])
    apply(bob, [page])

    assert snapshot(bob) == snapshot(alice)
    stored = Receipt.objects.get(connection=bob)
    assert stored.employee_name == "\\N"
    assert stored.relation_number == 0
    line = stored.lines.get(position=1)
    assert line.description == tricky.description
    assert line.quantity == 10
