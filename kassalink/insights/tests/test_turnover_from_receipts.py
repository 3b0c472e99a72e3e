"""Turnover per quarter hour, computed from the receipts as the receipts import stores
them: each receipt crosses the network once."""

import datetime as dt

from kassalink.insights.actions import do_save_turnover_settings
from kassalink.insights.buckets import quarters_of_day
from kassalink.insights.models import TurnoverBucket
from kassalink.mplus.types import ReceiptType
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.tests.sales import AMS, bread, cheese, credit, sale

UTC = dt.UTC
TUESDAY = dt.date(2026, 3, 10)


def at(hour: int, minute: int, day: dt.date = TUESDAY, fold: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMS, fold=fold)


def buckets(connection):
    return {
        (b.start.astimezone(AMS).strftime("%H:%M"), b.branch_number): b
        for b in TurnoverBucket.objects.filter(connection=connection)
    }


def test_sales_add_up_per_local_quarter_hour(alice):
    import_receipts(
        alice,
        [
            sale(at(12, 0), (bread(),), marker=1),
            sale(at(12, 14), (bread("2"),), marker=2),
            sale(at(12, 15), (cheese(),), marker=3),
            sale(at(12, 15), (bread(),), branch=2, marker=4),
        ],
    )

    found = buckets(alice)
    assert set(found) == {("12:00", 1), ("12:15", 1), ("12:15", 2)}
    noon = found["12:00", 1]
    assert (noon.amount_incl_cents, noon.receipt_count) == (395 + 790, 2)
    assert noon.amount_excl_cents == bread().total_excl_cents + bread("2").total_excl_cents
    assert noon.start == dt.datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
    assert noon.financial_date == TUESDAY
    assert noon.team == alice.turnover_settings.team
    assert noon.organization_id == alice.organization_id
    assert found["12:15", 1].amount_incl_cents == 1380  # 12:15 sharp opens the next quarter


def test_a_credit_receipt_reduces_turnover(alice):
    original = sale(at(10, 5), (bread(), cheese()), marker=1)
    refund = credit(original, at(15, 40), marker=2)
    import_receipts(alice, [original, refund, sale(at(15, 31), (bread(),), marker=3)])

    found = buckets(alice)
    assert found["10:00", 1].amount_incl_cents == 1775
    afternoon = found["15:30", 1]
    assert afternoon.amount_incl_cents == 395 - 1775
    assert (afternoon.receipt_count, afternoon.credit_count) == (1, 1)


def test_a_credit_receipt_with_positive_amounts_still_reduces_turnover(alice):
    refund = sale(at(9, 0), (bread(),), receipt_type=ReceiptType.CREDIT_RECEIPT)
    import_receipts(alice, [refund])
    assert buckets(alice)["09:00", 1].amount_incl_cents == -395


def test_cash_in_and_out_are_not_turnover(alice):
    import_receipts(
        alice,
        [
            sale(at(9, 0), (bread(),), receipt_type=ReceiptType.CASH_INFLOW, marker=1),
            sale(at(9, 5), (bread(),), receipt_type=ReceiptType.CASH_OUTFLOW, marker=2),
        ],
    )
    assert not TurnoverBucket.objects.exists()


def test_a_page_applied_twice_changes_nothing(alice):
    receipts = [sale(at(h, 7), marker=h) for h in range(9, 18)]
    import_receipts(alice, receipts)
    before = list(TurnoverBucket.objects.values_list("pk", "amount_incl_cents", "changed_at"))

    import_receipts(alice, receipts)

    after = list(TurnoverBucket.objects.values_list("pk", "amount_incl_cents", "changed_at"))
    assert after == before and len(after) == 9


def test_a_late_receipt_joins_its_quarter(alice):
    import_receipts(alice, [sale(at(11, 2), (bread(),), marker=1)])
    # Imported minutes later, entered in the same quarter (a till that was offline).
    import_receipts(alice, [sale(at(11, 9), (cheese(),), marker=2)])

    eleven = buckets(alice)["11:00", 1]
    assert (eleven.amount_incl_cents, eleven.receipt_count) == (395 + 1380, 2)


def test_a_changed_receipt_moves_out_of_its_old_quarter(alice):
    receipt = sale(at(9, 7), (bread(),), marker=1, receipt_id="bon-1")
    import_receipts(alice, [receipt, sale(at(11, 0), (bread(),), marker=2)])

    changed = sale(at(10, 20), (cheese(),), marker=3, receipt_id="bon-1")
    import_receipts(alice, [changed])

    found = buckets(alice)
    assert ("09:00", 1) not in found  # its only receipt left
    assert found["10:15", 1].amount_incl_cents == 1380
    assert found["11:00", 1].amount_incl_cents == 395


def test_a_sale_after_midnight_on_yesterdays_financial_date(alice):
    wednesday = TUESDAY + dt.timedelta(days=1)
    night = sale(at(0, 47, wednesday), (bread(),), financial_date=TUESDAY, marker=1)
    import_receipts(alice, [sale(at(23, 59), (bread(),), marker=2), night])
    import_receipts(alice, [sale(at(0, 50, wednesday), (cheese(),), marker=3)])

    after_midnight = TurnoverBucket.objects.filter(start=at(0, 45, wednesday))
    assert sorted(after_midnight.values_list("financial_date", "amount_incl_cents")) == [
        (TUESDAY, 395),
        (wednesday, 1380),
    ]
    last = TurnoverBucket.objects.get(start=at(23, 45))
    assert (last.financial_date, last.amount_incl_cents) == (TUESDAY, 395)


def test_the_spring_dst_day_has_no_2_oclock_bucket(alice):
    sunday = dt.date(2026, 3, 29)
    import_receipts(
        alice,
        [
            sale(at(1, 50, sunday), (bread(),), marker=1),
            sale(at(3, 5, sunday), (bread(),), marker=2),
        ],
    )

    starts = sorted(TurnoverBucket.objects.values_list("start", flat=True))
    assert starts == [
        dt.datetime(2026, 3, 29, 0, 45, tzinfo=UTC),  # 01:45 CET
        dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 03:00 CEST, one hour later
    ]
    assert set(starts) <= set(quarters_of_day(sunday))
    assert len(quarters_of_day(sunday)) == 92


def test_the_repeated_autumn_hour_gets_its_own_buckets(alice):
    sunday = dt.date(2026, 10, 25)
    summer = sale(at(2, 20, sunday, fold=0), (bread(),), marker=1)
    winter = sale(at(2, 20, sunday, fold=1), (cheese(),), marker=2)

    import_receipts(alice, [summer, winter])

    rows = TurnoverBucket.objects.order_by("start")
    assert [(b.start, b.amount_incl_cents) for b in rows] == [
        (dt.datetime(2026, 10, 25, 0, 15, tzinfo=UTC), 395),
        (dt.datetime(2026, 10, 25, 1, 15, tzinfo=UTC), 1380),
    ]
    assert len(quarters_of_day(sunday)) == 100


def test_nothing_is_computed_with_omzet_off_and_switching_on_rebuilds(alice):
    settings = alice.turnover_settings
    settings.enabled = False
    settings.save()
    import_receipts(alice, [sale(at(9, 0), (bread(),), marker=1)])
    assert not TurnoverBucket.objects.exists()

    do_save_turnover_settings(
        alice,
        enabled=True,
        includes_vat=False,
        team=settings.team,
        branch_teams={},
        today=TUESDAY,
    )

    assert buckets(alice)["09:00", 1].amount_incl_cents == 395


def test_incl_and_excl_are_both_kept_whichever_is_chosen(alice):
    import_receipts(alice, [sale(at(9, 0), (bread(),), marker=1)])
    settings = alice.turnover_settings
    do_save_turnover_settings(
        alice, enabled=True, includes_vat=False, team=settings.team, branch_teams={}
    )
    import_receipts(alice, [sale(at(9, 5), (bread(),), marker=2)])

    nine = buckets(alice)["09:00", 1]
    assert nine.amount_incl_cents == 2 * 395
    assert nine.amount_excl_cents == 2 * bread().total_excl_cents


def test_a_branch_with_its_own_team(alice):
    from kassalink.workforce.models import Team

    other = Team.objects.create(
        organization=alice.organization,
        department=alice.turnover_settings.team.department,
        name="Noord",
    )
    do_save_turnover_settings(
        alice,
        enabled=True,
        includes_vat=True,
        team=alice.turnover_settings.team,
        branch_teams={2: other},
    )
    import_receipts(alice, [sale(at(9, 0), marker=1), sale(at(9, 0), branch=2, marker=2)])

    found = buckets(alice)
    assert found["09:00", 1].team == alice.turnover_settings.team
    assert found["09:00", 2].team == other


def test_bob_never_sees_alices_turnover(alice, bob):
    import_receipts(alice, [sale(at(9, 0), marker=1), sale(at(10, 0), marker=2)])
    import_receipts(bob, [sale(at(9, 0), (bread(),), marker=1)])

    bobs = TurnoverBucket.objects.filter(organization=bob.organization)
    assert list(bobs.values_list("amount_incl_cents", flat=True)) == [395]
    assert bobs.get().team == bob.turnover_settings.team
    assert TurnoverBucket.objects.filter(organization=alice.organization).count() == 2


def test_simulator_turnover_matches_the_pos_day_report_to_the_cent(alice, simulator):
    _, client = simulator
    window = (dt.date(2026, 3, 28), dt.date(2026, 3, 29))  # Saturday and the DST Sunday
    everything = list(client.iter_receipts())
    for start in range(0, len(everything), 200):  # pages, as the receipts stream stores them
        import_receipts(alice, everything[start : start + 200])
    assert len(everything) > 200

    for row in client.report_turnover(*window):
        day = TurnoverBucket.objects.filter(financial_date=row.financial_date)
        assert sum(day.values_list("amount_incl_cents", flat=True)) == row.total_incl_cents
        assert sum(day.values_list("amount_excl_cents", flat=True)) == row.total_excl_cents
        assert sum(day.values_list("receipt_count", flat=True)) == row.count
        assert sum(day.values_list("credit_count", flat=True)) == row.credited_count
    sunday = TurnoverBucket.objects.filter(financial_date=dt.date(2026, 3, 29))
    assert set(sunday.values_list("start", flat=True)) <= set(quarters_of_day(dt.date(2026, 3, 29)))


def test_the_day_sums_follow_the_buckets(alice):
    from kassalink.insights.models import TurnoverDay

    receipt = sale(at(9, 7), (bread(),), marker=1, receipt_id="bon-1")
    import_receipts(alice, [receipt, sale(at(11, 0), (cheese(),), marker=2, branch=2)])
    import_receipts(alice, [sale(at(10, 20), (cheese(),), marker=3, receipt_id="bon-1")])

    days = TurnoverDay.objects.filter(connection=alice).order_by("branch_number")
    assert [
        (d.branch_number, d.financial_date, d.amount_incl_cents, d.receipt_count) for d in days
    ] == [
        (1, TUESDAY, 1380, 1),
        (2, TUESDAY, 1380, 1),
    ]
