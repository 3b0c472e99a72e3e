"""Turnover per quarter hour from MplusKASSA receipts, for the Insights page."""

import datetime as dt

import pytest

from kassalink.insights.buckets import quarters_of_day
from kassalink.insights.imports import import_turnover
from kassalink.insights.models import TurnoverBucket
from kassalink.mplus.types import ReceiptType
from kassalink.receipts.tests.sales import AMS, bread, cheese, credit, sale
from kassalink.sync.importing import PosDataError

UTC = dt.UTC
TUESDAY = dt.date(2026, 3, 10)
DAY = (TUESDAY, TUESDAY)


def at(hour: int, minute: int, day: dt.date = TUESDAY, fold: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMS, fold=fold)


def buckets(connection):
    return {
        (b.start.astimezone(AMS).strftime("%H:%M"), b.branch_number): b
        for b in TurnoverBucket.objects.filter(connection=connection)
    }


def test_sales_add_up_per_local_quarter_hour(alice):
    receipts = [
        sale(at(12, 1), (bread(),)),
        sale(at(12, 14), (bread("2"),)),
        sale(at(12, 15), (cheese(),)),
        sale(at(12, 15), (bread(),), branch=2),
    ]

    result = import_turnover(alice, receipts, DAY)

    assert (result.created, result.updated, result.skipped) == (3, 0, 0)
    found = buckets(alice)
    assert set(found) == {("12:00", 1), ("12:15", 1), ("12:15", 2)}
    noon = found["12:00", 1]
    assert (noon.amount_incl_cents, noon.receipt_count) == (395 + 790, 2)
    assert noon.amount_excl_cents == bread().total_excl_cents + bread("2").total_excl_cents
    assert noon.start == dt.datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
    assert noon.financial_date == TUESDAY
    assert noon.team == alice.turnover_team
    assert noon.organization_id == alice.organization_id


def test_a_credit_receipt_reduces_turnover(alice):
    original = sale(at(10, 5), (bread(), cheese()), marker=1)
    refund = credit(original, at(15, 40), marker=2)

    import_turnover(alice, [original, refund, sale(at(15, 31), (bread(),), marker=3)], DAY)

    found = buckets(alice)
    assert found["10:00", 1].amount_incl_cents == 1775
    afternoon = found["15:30", 1]
    assert afternoon.amount_incl_cents == 395 - 1775
    assert (afternoon.receipt_count, afternoon.credit_count) == (1, 1)


def test_a_credit_receipt_with_positive_amounts_still_reduces_turnover(alice):
    refund = sale(at(9, 0), (bread(),), receipt_type=ReceiptType.CREDIT_RECEIPT)

    import_turnover(alice, [refund], DAY)

    assert buckets(alice)["09:00", 1].amount_incl_cents == -395


def test_cash_in_and_out_are_not_turnover(alice):
    cash = sale(at(9, 0), (bread(),), receipt_type=ReceiptType.CASH_INFLOW)

    result = import_turnover(alice, [cash], DAY)

    assert result.created == 0 and not TurnoverBucket.objects.exists()


def test_importing_a_window_twice_changes_nothing(alice):
    receipts = [sale(at(h, 7), marker=h) for h in range(9, 18)]
    import_turnover(alice, receipts, DAY)

    again = import_turnover(alice, receipts, DAY)

    assert (again.created, again.updated, again.skipped) == (0, 0, 9)
    assert TurnoverBucket.objects.count() == 9


def test_a_recomputed_window_updates_only_what_changed(alice):
    receipts = [sale(at(h, 7), marker=h) for h in range(9, 12)]
    import_turnover(alice, receipts, DAY)

    later = [*receipts[1:], sale(at(11, 10), (bread(),), marker=20)]
    result = import_turnover(alice, later, DAY)

    assert (result.created, result.updated, result.skipped) == (0, 2, 1)
    found = buckets(alice)
    assert "09:00" not in {start for start, _ in found}  # the 09:07 receipt is gone
    assert found["11:00", 1].amount_incl_cents == 1775 + 395


def test_other_financial_dates_are_left_alone(alice):
    night = sale(at(0, 47, TUESDAY + dt.timedelta(days=1)), (bread(),), financial_date=TUESDAY)
    import_turnover(alice, [sale(at(22, 0)), night], DAY)
    wednesday = TUESDAY + dt.timedelta(days=1)

    import_turnover(alice, [sale(at(0, 50, wednesday), (cheese(),))], (wednesday, wednesday))

    after_midnight = TurnoverBucket.objects.filter(start=at(0, 45, wednesday))
    assert sorted(after_midnight.values_list("financial_date", "amount_incl_cents")) == [
        (TUESDAY, 395),
        (wednesday, 1380),
    ]
    assert TurnoverBucket.objects.filter(financial_date=TUESDAY).count() == 2


def test_receipts_outside_the_window_or_the_branches_are_ignored(alice):
    alice.branches = [1]
    receipts = [sale(at(9, 0)), sale(at(9, 0), branch=2), sale(at(9, 0, dt.date(2026, 3, 11)))]

    result = import_turnover(alice, receipts, DAY)

    assert result.created == 1
    assert list(TurnoverBucket.objects.values_list("branch_number", flat=True)) == [1]
    assert "1 receipts outside the window 2026-03-10..2026-03-10 ignored" in result.notes


def test_the_spring_dst_day_has_no_2_oclock_bucket(alice):
    sunday = dt.date(2026, 3, 29)
    receipts = [sale(at(1, 50, sunday), (bread(),)), sale(at(3, 5, sunday), (bread(),))]

    import_turnover(alice, receipts, (sunday, sunday))

    starts = sorted(TurnoverBucket.objects.values_list("start", flat=True))
    assert starts == [
        dt.datetime(2026, 3, 29, 0, 45, tzinfo=UTC),  # 01:45 CET
        dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 03:00 CEST, one hour later
    ]
    assert set(starts) <= set(quarters_of_day(sunday))


def test_the_repeated_autumn_hour_gets_its_own_buckets(alice):
    sunday = dt.date(2026, 10, 25)
    summer = sale(at(2, 20, sunday, fold=0), (bread(),))
    winter = sale(at(2, 20, sunday, fold=1), (cheese(),))

    import_turnover(alice, [summer, winter], (sunday, sunday))

    rows = TurnoverBucket.objects.order_by("start")
    assert [(b.start, b.amount_incl_cents) for b in rows] == [
        (dt.datetime(2026, 10, 25, 0, 15, tzinfo=UTC), 395),
        (dt.datetime(2026, 10, 25, 1, 15, tzinfo=UTC), 1380),
    ]


def test_a_naive_entry_time_writes_nothing(alice):
    import_turnover(alice, [sale(at(9, 0))], DAY)
    naive = sale(at(10, 0), entry_timestamp=dt.datetime(2026, 3, 10, 10, 0))

    with pytest.raises(PosDataError, match=r"entry time: .* no UTC offset"):
        import_turnover(alice, [sale(at(11, 0)), naive], DAY)
    assert list(TurnoverBucket.objects.values_list("amount_incl_cents", flat=True)) == [1775]


def test_a_receipt_without_entry_time_cannot_be_placed(alice):
    with pytest.raises(PosDataError, match="has no entry time"):
        import_turnover(alice, [sale(at(9, 0))._replace(entry_timestamp=None)], DAY)


def test_bob_never_sees_alices_turnover(alice, bob):
    import_turnover(alice, [sale(at(9, 0)), sale(at(10, 0))], DAY)
    import_turnover(bob, [sale(at(9, 0), (bread(),))], DAY)

    bobs = TurnoverBucket.objects.filter(organization=bob.organization)
    assert list(bobs.values_list("amount_incl_cents", flat=True)) == [395]
    assert bobs.get().team == bob.turnover_team
    assert TurnoverBucket.objects.filter(organization=alice.organization).count() == 2


def test_simulator_turnover_matches_the_pos_day_report_to_the_cent(alice, simulator):
    _, client = simulator
    window = (dt.date(2026, 3, 28), dt.date(2026, 3, 29))  # Saturday and the DST Sunday
    receipts = client.get_receipts(from_financial_date=window[0], through_financial_date=window[1])

    first = import_turnover(alice, receipts, window)
    second = import_turnover(alice, receipts, window)

    assert first.created > 50
    assert (second.created, second.updated, second.skipped) == (0, 0, first.created)
    for row in client.report_turnover(*window):
        day = TurnoverBucket.objects.filter(financial_date=row.financial_date)
        assert sum(day.values_list("amount_incl_cents", flat=True)) == row.total_incl_cents
        assert sum(day.values_list("amount_excl_cents", flat=True)) == row.total_excl_cents
        assert sum(day.values_list("receipt_count", flat=True)) == row.count
        assert sum(day.values_list("credit_count", flat=True)) == row.credited_count
    sunday = set(quarters_of_day(dt.date(2026, 3, 29)))
    assert (
        set(
            TurnoverBucket.objects.filter(financial_date=dt.date(2026, 3, 29)).values_list(
                "start", flat=True
            )
        )
        <= sunday
    )
