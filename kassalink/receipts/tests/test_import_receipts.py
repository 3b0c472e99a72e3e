"""Importing MplusKASSA receipts: the shop's receipts store, exact to the cent."""

import datetime as dt
from decimal import Decimal

import pytest

from kassalink.mplus.types import Order, Payment, VatGroup
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.models import Receipt, ReceiptLine, ReceiptPayment, ReceiptVatGroup
from kassalink.sync.importing import PosDataError

from .sales import AMS, bread, cheese, credit, sale

NOON = dt.datetime(2026, 3, 10, 12, 4, 31, tzinfo=AMS)


def test_a_sale_arrives_with_lines_payments_and_vat(alice):
    receipt = sale(NOON, receipt_id="5f0c6a52-3a4b-4c35-9d54-0e1f3b9c2d11", marker=41)

    result = import_receipts(alice, [receipt])

    assert (result.created, result.updated, result.skipped) == (1, 0, 0)
    row = Receipt.objects.get()
    assert row.mplus_id == "5f0c6a52-3a4b-4c35-9d54-0e1f3b9c2d11"
    assert row.organization_id == alice.organization_id
    assert row.receipt_type == Receipt.Type.RECEIPT and row.state == Receipt.State.PAID
    assert row.display_number == "1-1-2026-41"
    assert row.entry_at == NOON and row.entry_at.utcoffset() == dt.timedelta(0)
    assert row.financial_date == dt.date(2026, 3, 10)
    assert row.total_incl_cents == 395 + 1380 and row.paid_cents == 1775
    assert row.sync_marker == 41 and row.transaction_string == "T-41"
    loaf, kaas = row.lines.all()
    assert (loaf.position, loaf.article_number, loaf.quantity) == (1, 1001, Decimal(1))
    assert (kaas.description, kaas.pos_quantity, str(kaas.pos_quantity)) == (
        "Oude kaas",
        Decimal("0.750"),
        "0.750",
    )
    assert kaas.total_incl_cents == 1380 and kaas.vat_percentage == Decimal("9.00")
    assert list(row.payments.values_list("method", "amount_cents")) == [("PIN", 1775)]
    group = row.vat_groups.get()
    assert (group.amount_excl_cents, group.amount_vat_cents) == (
        receipt.vat_groups[0].excl_amount_cents,
        receipt.vat_groups[0].vat_amount_cents,
    )
    assert group.amount_incl_cents == 1775


def test_importing_a_page_twice_changes_nothing(alice):
    page = [sale(NOON + dt.timedelta(minutes=m), marker=m + 1) for m in range(20)]
    import_receipts(alice, page)

    again = import_receipts(alice, page)

    assert (again.created, again.updated, again.skipped) == (0, 0, 20)
    assert Receipt.objects.count() == 20
    assert ReceiptLine.objects.count() == 40
    assert ReceiptPayment.objects.count() == ReceiptVatGroup.objects.count() == 20


def test_a_receipt_changed_later_is_replaced_with_its_lines(alice):
    first = sale(NOON, marker=5)
    import_receipts(alice, [first])
    old_line_ids = set(ReceiptLine.objects.values_list("pk", flat=True))

    changed = first._replace(
        sync_marker=90,
        relation_number=5012,
        lines=(bread("2"),),
        total_incl_cents=790,
        payments=(Payment(method="CONTANT", amount_cents=790),),
    )
    result = import_receipts(alice, [changed])

    assert (result.created, result.updated, result.skipped) == (0, 1, 0)
    row = Receipt.objects.get()
    assert (row.sync_marker, row.relation_number, row.total_incl_cents) == (90, 5012, 790)
    assert [(line.quantity, line.total_incl_cents) for line in row.lines.all()] == [
        (Decimal(2), 790)
    ]
    assert not old_line_ids & set(ReceiptLine.objects.values_list("pk", flat=True))
    assert list(row.payments.values_list("method", flat=True)) == ["CONTANT"]


def test_an_older_or_equal_marker_never_overwrites(alice):
    receipt = sale(NOON, marker=50)
    import_receipts(alice, [receipt])

    result = import_receipts(
        alice, [receipt._replace(relation_number=1), receipt._replace(sync_marker=49)]
    )

    assert (result.created, result.updated) == (0, 0)
    assert Receipt.objects.get().relation_number is None


def test_a_credit_receipt_links_to_its_original(alice):
    original = sale(NOON, marker=1)
    refund = credit(original, NOON + dt.timedelta(hours=2), marker=2)

    result = import_receipts(alice, [original, refund])

    stored = Receipt.objects.get(mplus_id=refund.receipt_id)
    assert stored.receipt_type == Receipt.Type.CREDIT
    assert stored.credited_receipt.mplus_id == original.receipt_id
    assert stored.total_incl_cents == -original.total_incl_cents
    assert result.notes == ("1 credit receipts linked to their original",)


def test_a_credit_receipt_links_when_its_original_arrives_later(alice):
    original = sale(NOON, marker=7)
    refund = credit(original, NOON + dt.timedelta(hours=2), marker=8)

    import_receipts(alice, [refund])
    waiting = Receipt.objects.get()
    assert waiting.credited_receipt is None and waiting.credited_mplus_id == original.receipt_id

    import_receipts(alice, [original])

    waiting.refresh_from_db()
    assert waiting.credited_receipt.mplus_id == original.receipt_id
    assert list(Receipt.objects.get(mplus_id=original.receipt_id).credits.all()) == [waiting]


def test_a_changed_credit_receipt_keeps_its_link(alice):
    original = sale(NOON, marker=1)
    refund = credit(original, NOON + dt.timedelta(hours=2), marker=2)
    import_receipts(alice, [original, refund])

    result = import_receipts(alice, [refund._replace(sync_marker=3, relation_number=5001)])

    assert result.updated == 1
    stored = Receipt.objects.get(mplus_id=refund.receipt_id)
    assert stored.relation_number == 5001
    assert stored.credited_receipt.mplus_id == original.receipt_id


def test_the_webhook_session_comes_from_the_order(alice):
    receipt = sale(NOON, order_id="order-1")
    orders = [Order(order_id="order-1", webhook_session_id="session-abc")]

    import_receipts(alice, [receipt], orders)

    assert Receipt.objects.get().webhook_session_id == "session-abc"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"total_incl_cents": 17.75}, "total incl. VAT: expected a whole number, got 17.75"),
        ({"entry_timestamp": dt.datetime(2026, 3, 10, 12, 4)}, "entry time: .* no UTC offset"),
        ({"receipt_type": "RECEIPT-TYPE-MYSTERY"}, "unknown receipt type"),
        ({"receipt_id": "  "}, "receipt id: is empty"),
        ({"lines": (bread("0.1234567"),)}, "quantity 0.1234567 does not fit"),
        ({"payments": (Payment(method="", amount_cents=1),)}, "payment 1: method: is empty"),
        ({"receipt_number": (1, 2)}, "is not \\(branch, workplace, year, number\\)"),
        # Checked column by column on PostgreSQL: the message still names the value.
        ({"workplace_number": 2**31}, "workplace: the number 2147483648 is too large"),
        ({"branch_number": True}, "branch: expected a whole number, got True"),
        ({"employee_name": "x" * 201}, "employee name: 201 characters, longer than the 200"),
        (
            {"lines": (bread()._replace(description="x" * 501),)},
            "line 1: text: 501 characters, longer than the 500",
        ),
        (
            {"lines": (bread()._replace(vat_percentage=Decimal("9.125")),)},
            "line 1: VAT: percentage 9.125 has more than 2 decimal places",
        ),
        (
            {"vat_groups": (VatGroup(9, Decimal("100000"), 1, 1),)},
            "VAT group: percentage Decimal\\('100000'\\) is not one",
        ),
    ],
)
def test_bad_data_from_the_pos_writes_nothing_of_the_page(alice, changes, message):
    page = [sale(NOON, marker=1), sale(NOON, marker=2, **changes)]

    with pytest.raises(PosDataError, match=message):
        import_receipts(alice, page)
    assert not Receipt.objects.exists()
    assert not ReceiptLine.objects.exists()


def test_bob_never_sees_alices_receipts(alice, bob):
    shared_id = "0a0a0a0a-1111-4222-8333-444455556666"
    import_receipts(alice, [sale(NOON, receipt_id=shared_id), sale(NOON, marker=2)])
    import_receipts(bob, [sale(NOON, receipt_id=shared_id, lines=(bread(),))])

    bobs = Receipt.objects.filter(organization=bob.organization)
    assert bobs.count() == 1 and bobs.get().connection == bob
    assert bobs.get().total_incl_cents == 395
    assert Receipt.objects.filter(organization=alice.organization).count() == 2
    assert not ReceiptLine.objects.filter(receipt__organization=bob.organization).exclude(
        receipt__connection=bob
    )


def test_a_full_page_of_500_receipts_is_created_skipped_then_replaced(alice):
    # How fast this goes is measured in `make bench` (bench/import_receipts.py), not here.
    page = [
        sale(NOON + dt.timedelta(seconds=7 * n), (bread(), cheese(), bread("3")), marker=n + 1)
        for n in range(500)
    ]
    result = import_receipts(alice, page)
    again = import_receipts(alice, page)
    changed = [r._replace(sync_marker=r.sync_marker + 1000, lines=r.lines[:1]) for r in page]
    replaced = import_receipts(alice, changed)

    assert (result.created, again.skipped, replaced.updated) == (500, 500, 500)
    assert ReceiptLine.objects.count() == 500


def pages(items, size=500):
    return [items[start : start + size] for start in range(0, len(items), size)]


def import_pages(connection, client, receipts):
    """What the receipts stream does per page: orders for the page, then the import."""
    total = []
    for page in receipts:
        orders = client.get_orders_by_receipts([r.receipt_id for r in page])
        total.append(import_receipts(connection, page, orders))
    return total


def test_simulator_receipts_import_once_exact_to_the_cent(alice, simulator):
    sim, client = simulator
    receipts = list(client.iter_receipts(include_order_references=True))

    first = import_pages(alice, client, pages(receipts))
    second = import_pages(alice, client, pages(receipts))

    assert sum(r.created for r in first) == len(receipts) == sim.receipt_count()
    assert sum(r.skipped for r in second) == len(receipts)
    assert not any(r.created or r.updated for r in second)
    stored = Receipt.objects.filter(connection=alice)
    assert sum(stored.values_list("total_incl_cents", flat=True)) == sum(
        r.total_incl_cents for r in receipts
    )
    assert ReceiptLine.objects.count() == sum(len(r.lines) for r in receipts)
    line_total = sum(ReceiptLine.objects.values_list("total_incl_cents", flat=True))
    assert line_total == sum(line.total_incl_cents for r in receipts for line in r.lines)
    credits = stored.filter(receipt_type=Receipt.Type.CREDIT)
    assert credits.exists()
    assert not credits.filter(credited_receipt__isnull=True).exists()


def test_simulator_credits_link_when_pages_arrive_newest_first(alice, simulator):
    _sim, client = simulator
    receipts = list(client.iter_receipts(include_order_references=True))

    import_pages(alice, client, list(reversed(pages(receipts, size=200))))

    credits = Receipt.objects.filter(receipt_type=Receipt.Type.CREDIT)
    assert credits.count() == sum(1 for r in receipts if r.credited_receipt_id)
    for stored in credits.select_related("credited_receipt"):
        assert stored.credited_receipt.mplus_id == stored.credited_mplus_id


def test_simulator_receipts_changed_later_are_updated(alice, simulator):
    sim, client = simulator
    receipts = list(client.iter_receipts(include_order_references=True))
    import_pages(alice, client, pages(receipts))
    cursor = max(r.sync_marker for r in receipts)

    sim.advance(minutes=24 * 60)
    newer = list(client.iter_receipts(sync_marker=cursor, include_order_references=True))
    results = import_pages(alice, client, pages(newer))

    known = {r.receipt_id for r in receipts}
    changed = [r for r in newer if r.receipt_id in known]
    assert changed, "the simulator links a customer to some receipts afterwards"
    assert sum(r.updated for r in results) == len(changed)
    assert sum(r.created for r in results) == len(newer) - len(changed)
    for receipt in changed:
        row = Receipt.objects.get(connection=alice, mplus_id=receipt.receipt_id)
        assert (row.sync_marker, row.relation_number) == (
            receipt.sync_marker,
            receipt.relation_number,
        )
        assert row.lines.count() == len(receipt.lines)
    assert Receipt.objects.count() == sim.receipt_count()
