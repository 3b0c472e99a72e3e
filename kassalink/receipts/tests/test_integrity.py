"""Lines, payments and VAT groups have no foreign-key constraint in the database
(models.CHILD_OF_RECEIPT): the import and Django's cascade keep every one of them
attached to a stored receipt. Checked here in SQL, on both databases and both paths."""

import datetime as dt
import uuid

from django.db import connection as db
from django.db import transaction

from kassalink.receipts.imports import import_receipts
from kassalink.receipts.models import Receipt, ReceiptLine, ReceiptPayment, ReceiptVatGroup

from .sales import AMS, bread, cheese, credit, sale

NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=AMS)
CHILDREN = (ReceiptLine, ReceiptPayment, ReceiptVatGroup)


def orphans() -> dict[str, int]:
    """Per child table, the rows whose receipt is not stored."""
    found = {}
    receipts = db.ops.quote_name(Receipt._meta.db_table)
    with db.cursor() as cursor:
        for model in CHILDREN:
            table = db.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} AS child WHERE NOT EXISTS "  # noqa: S608
                f"(SELECT 1 FROM {receipts} AS r WHERE r.id = child.receipt_id)"
            )
            found[model.__name__] = cursor.fetchone()[0]
    return found


def children_count(connection) -> int:
    return sum(m.objects.filter(receipt__connection=connection).count() for m in CHILDREN)


def apply(connection, *pages) -> None:
    for page in pages:
        with transaction.atomic():
            import_receipts(connection, page)


def history(count: int = 12) -> list[list]:
    """New sales, each replaced later with other lines, and a credit of one of them."""
    ids = [str(uuid.UUID(int=n)) for n in range(1, count + 1)]
    first = [
        sale(NOON + dt.timedelta(minutes=n), (bread("2"), cheese()), receipt_id=i, marker=n + 1)
        for n, i in enumerate(ids)
    ]
    changed = [
        sale(NOON + dt.timedelta(minutes=n), (bread("1"),), receipt_id=i, marker=100 + n)
        for n, i in enumerate(ids[: count // 2])
    ]
    return [first, changed, [credit(first[-1], NOON + dt.timedelta(hours=2), marker=200)]]


def test_imports_and_replacements_leave_no_child_without_its_receipt(alice):
    apply(alice, *history())
    apply(alice, *history())  # again: nothing changes, nothing dangles
    assert children_count(alice) > 0
    assert orphans() == {"ReceiptLine": 0, "ReceiptPayment": 0, "ReceiptVatGroup": 0}
    # Replaced receipts kept only their new lines: one bread per changed sale.
    changed = Receipt.objects.get(connection=alice, mplus_id=str(uuid.UUID(int=1)))
    assert [line.description for line in changed.lines.all()] == ["Volkorenbrood"]


def test_deleting_receipts_a_connection_or_a_shop_takes_their_children(alice, bob):
    apply(alice, *history())
    apply(bob, *history())
    before_bob = children_count(bob)
    one = Receipt.objects.filter(connection=alice).first()
    assert one.lines.exists()
    one.delete()
    assert orphans() == {"ReceiptLine": 0, "ReceiptPayment": 0, "ReceiptVatGroup": 0}
    alice.delete()
    assert orphans() == {"ReceiptLine": 0, "ReceiptPayment": 0, "ReceiptVatGroup": 0}
    assert children_count(bob) == before_bob
    bob.organization.delete()
    assert orphans() == {"ReceiptLine": 0, "ReceiptPayment": 0, "ReceiptVatGroup": 0}
    assert sum(model.objects.count() for model in CHILDREN) == 0
