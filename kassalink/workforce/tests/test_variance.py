"""Planned against worked, against figures computed by hand (incl. a DST night)."""

from decimal import Decimal

from kassalink.workforce.tests.shops import at
from kassalink.workforce.variance import (
    DayCost,
    Planned,
    Worked,
    entry_variance,
    entry_variances,
    week_variance,
)


def test_late_and_left_early_in_whole_minutes():
    shift = Planned(at("2026-03-10", "09:00"), at("2026-03-10", "17:00"), 30)
    worked = Worked(at("2026-03-10", "09:12"), at("2026-03-10", "16:40"), 30)
    v = entry_variance(shift, worked)
    assert (v.late_minutes, v.left_early_minutes, v.unplanned) == (12, 20, False)
    assert v.late and v.left_early


def test_a_shift_clocked_in_two_parts_is_late_or_early_only_at_its_ends():
    """Clocked out for lunch and in again: the gap is a break, not leaving early and
    coming late (a bug the demo showed: 297 min early, then 240 min late)."""
    shift = Planned(at("2026-03-10", "09:00"), at("2026-03-10", "17:30"), 30, key=7)
    morning = Worked(at("2026-03-10", "08:55"), at("2026-03-10", "12:32"), planned_key=7)
    afternoon = Worked(at("2026-03-10", "13:00"), at("2026-03-10", "17:32"), planned_key=7)
    # Given in either order.
    for entries in ([morning, afternoon], [afternoon, morning]):
        variances = entry_variances({7: shift}, entries)
        assert [(v.late_minutes, v.left_early_minutes) for v in variances] == [(0, 0), (0, 0)]
    late_start = Worked(at("2026-03-10", "09:20"), at("2026-03-10", "12:00"), planned_key=7)
    early_end = Worked(at("2026-03-10", "12:30"), at("2026-03-10", "16:00"), planned_key=7)
    variances = entry_variances({7: shift}, [late_start, early_end])
    assert [(v.late_minutes, v.left_early_minutes) for v in variances] == [(20, 0), (0, 90)]
    week = week_variance([shift], [morning, afternoon], 0, at("2026-03-11", "09:00"))
    assert (week.late, week.left_early, week.no_shows) == (0, 0, ())


def test_early_arrival_and_staying_late_are_not_late_or_early():
    shift = Planned(at("2026-03-10", "09:00"), at("2026-03-10", "17:00"))
    v = entry_variance(shift, Worked(at("2026-03-10", "08:50"), at("2026-03-10", "17:30")))
    assert (v.late_minutes, v.left_early_minutes) == (0, 0)


def test_a_few_minutes_are_within_the_grace():
    shift = Planned(at("2026-03-10", "09:00"), at("2026-03-10", "17:00"))
    v = entry_variance(shift, Worked(at("2026-03-10", "09:04"), at("2026-03-10", "16:55")))
    assert (v.late_minutes, v.left_early_minutes) == (4, 5)
    assert not v.late and not v.left_early


def test_an_open_entry_has_not_left_early_and_no_shift_means_unplanned():
    shift = Planned(at("2026-03-10", "16:00"), at("2026-03-10", "21:30"))
    v = entry_variance(shift, Worked(at("2026-03-10", "16:04"), None))
    assert (v.late_minutes, v.left_early_minutes) == (4, 0)
    assert entry_variance(None, Worked(at("2026-03-10", "10:00"), None)).unplanned


def test_a_night_over_the_dst_change_has_its_real_length():
    # Sat 28 -> Sun 29 March 2026 the clock jumps from 02:00 to 03:00: 22:00-06:00 is 7 h.
    shift = Planned(at("2026-03-28", "22:00"), at("2026-03-29", "06:00"), 0, key=1)
    worked = Worked(at("2026-03-28", "22:10"), at("2026-03-29", "05:50"), 0, planned_key=1)
    assert shift.minutes == 420
    assert worked.minutes == 400  # 7:40 on the wall clock minus the hour that never was
    v = entry_variance(shift, worked)
    assert (v.late_minutes, v.left_early_minutes) == (10, 10)


def test_the_autumn_night_is_an_hour_longer():
    # Sat 24 -> Sun 25 October 2026 02:00-03:00 happens twice: 22:00-06:00 is 9 h.
    shift = Planned(at("2026-10-24", "22:00"), at("2026-10-25", "06:00"), 30)
    assert shift.minutes == 9 * 60 - 30


def test_a_week_planned_against_worked_with_overtime_and_a_no_show():
    planned = [
        Planned(at("2026-03-09", "09:00"), at("2026-03-09", "17:30"), 30, key=1),  # 8:00
        Planned(at("2026-03-10", "09:00"), at("2026-03-10", "17:30"), 30, key=2),  # 8:00
        Planned(at("2026-03-11", "09:00"), at("2026-03-11", "13:00"), 0, key=3),  # 4:00, no-show
        Planned(at("2026-03-14", "09:00"), at("2026-03-14", "13:00"), 0, key=4),  # future
    ]
    worked = [
        Worked(at("2026-03-09", "09:20"), at("2026-03-09", "18:00"), 30, planned_key=1),  # 8:10
        Worked(at("2026-03-10", "09:00"), at("2026-03-10", "17:00"), 30, planned_key=2),  # 7:30
        Worked(at("2026-03-12", "12:00"), at("2026-03-12", "17:00"), 0),  # 5:00 unplanned
    ]
    week = week_variance(planned, worked, Decimal("20"), now=at("2026-03-12", "18:00"))
    assert week.planned_minutes == 8 * 60 + 8 * 60 + 4 * 60 + 4 * 60  # 1440
    assert week.worked_minutes == 490 + 450 + 300  # 1240
    assert week.contract_minutes == 1200
    assert week.overtime_minutes == 40
    assert week.difference_minutes == -200
    assert (week.late, week.left_early, week.unplanned) == (1, 1, 1)
    assert [s.key for s in week.no_shows] == [3]


def test_no_contract_hours_means_no_overtime_and_half_hours_count():
    worked = [Worked(at("2026-03-09", "09:00"), at("2026-03-09", "19:00"))]
    assert week_variance([], worked, Decimal("0"), at("2026-03-15", "00:00")).overtime_minutes == 0
    week = week_variance([], worked, Decimal("9.5"), at("2026-03-15", "00:00"))
    assert week.overtime_minutes == 30


def test_day_cost_is_hours_times_wage_in_exact_cents():
    day = DayCost().plus(planned=480, worked=490, hourly_wage_cents=1450)  # 8:00 / 8:10 x 14,50
    day = day.plus(planned=240, worked=0, hourly_wage_cents=1333)  # 4:00 x 13,33
    assert (day.planned_minutes, day.worked_minutes) == (720, 490)
    assert day.planned_cost == Decimal("116.00") + Decimal("53.32")
    assert day.worked_cost == Decimal("118.42")  # 490/60 x 14,50 = 118,4166.. -> 118,42


def test_a_shift_that_just_started_is_not_a_no_show_yet():
    shift = Planned(at("2026-03-10", "09:00"), at("2026-03-10", "17:00"), key=1)
    assert week_variance([shift], [], 0, now=at("2026-03-10", "09:05")).no_shows == ()
    assert week_variance([shift], [], 0, now=at("2026-03-10", "09:06")).no_shows == (shift,)
