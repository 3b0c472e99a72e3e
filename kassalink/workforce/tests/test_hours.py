"""Hours arithmetic: worked minutes, breaks from gaps, wage cost, local weeks and DST."""

import datetime as dt
from decimal import Decimal

from kassalink.workforce.hours import (
    SHOP_TZ,
    WorkedInterval,
    day_total,
    elapsed_seconds,
    format_minutes,
    hours_decimal,
    iso_week_label,
    iso_week_monday,
    local_span,
    minutes_since,
    parse_iso_week,
    same_wall_time_days_later,
    shift_bounds,
    wage_cost,
    worked_minutes,
)


def at(day: str, time: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=SHOP_TZ)


def test_a_plain_shift_minus_its_break():
    assert worked_minutes(at("2026-03-10", "09:00"), at("2026-03-10", "17:30"), 30) == 480


def test_a_night_shift_over_midnight_has_its_real_length():
    assert worked_minutes(at("2026-03-10", "22:00"), at("2026-03-11", "06:00")) == 480


def test_the_spring_dst_night_is_one_hour_shorter():
    # 29 March 2026: clocks go from 02:00 to 03:00; 22:00 → 06:00 is seven real hours.
    assert worked_minutes(at("2026-03-28", "22:00"), at("2026-03-29", "06:00")) == 420


def test_the_autumn_dst_night_is_one_hour_longer():
    assert worked_minutes(at("2026-10-24", "22:00"), at("2026-10-25", "06:00")) == 540


def test_an_open_entry_counts_nothing_until_clock_out():
    assert worked_minutes(at("2026-03-10", "09:00"), None, 0) == 0
    assert day_total([WorkedInterval(at("2026-03-10", "09:00"), None)]).open_intervals == 1


def test_the_gap_between_two_clock_ins_is_the_break():
    morning = WorkedInterval(at("2026-03-10", "09:00"), at("2026-03-10", "12:30"))
    afternoon = WorkedInterval(at("2026-03-10", "13:00"), at("2026-03-10", "17:00"))
    total = day_total([afternoon, morning])  # order of arrival does not matter
    assert (total.worked_minutes, total.break_minutes) == (450, 30)


def test_a_recorded_break_and_a_gap_add_up():
    morning = WorkedInterval(at("2026-03-10", "09:00"), at("2026-03-10", "12:00"), 15)
    afternoon = WorkedInterval(at("2026-03-10", "12:45"), at("2026-03-10", "17:00"))
    assert day_total([morning, afternoon]) == DayTotalLike(420, 60)


def test_a_still_open_second_clock_in_shows_the_gap_but_no_hours_yet():
    morning = WorkedInterval(at("2026-03-10", "09:00"), at("2026-03-10", "12:00"))
    now_in = WorkedInterval(at("2026-03-10", "12:20"), None)
    total = day_total([morning, now_in])
    assert (total.worked_minutes, total.break_minutes, total.open_intervals) == (180, 20, 1)


def test_overlapping_entries_make_no_negative_break():
    first = WorkedInterval(at("2026-03-10", "09:00"), at("2026-03-10", "13:00"))
    second = WorkedInterval(at("2026-03-10", "12:00"), at("2026-03-10", "14:00"))
    assert day_total([first, second]).break_minutes == 0


def test_wage_cost_is_exact_in_cents():
    assert wage_cost(450, 1475) == Decimal("110.63")  # 7.5 h × €14.75 = €110.625 → 110.63
    assert wage_cost(1, 1000) == Decimal("0.17")
    assert wage_cost(0, 1500) == Decimal("0.00")
    assert isinstance(wage_cost(60, 1234), Decimal)


def test_hours_and_minutes_formats():
    assert hours_decimal(450) == Decimal("7.50")
    assert hours_decimal(20) == Decimal("0.33")
    assert format_minutes(450) == "7:30"
    assert format_minutes(5) == "0:05"


def test_iso_weeks():
    today = dt.date(2026, 3, 26)
    assert parse_iso_week("2026-W13", today) == dt.date(2026, 3, 23)
    assert parse_iso_week("rubbish", today) == dt.date(2026, 3, 23)
    assert parse_iso_week(None, dt.date(2026, 1, 1)) == dt.date(2025, 12, 29)
    assert iso_week_label(dt.date(2025, 12, 29)) == "2026-W01"


def test_the_dst_week_is_one_hour_short():
    start, end = local_span(dt.date(2026, 3, 23), 7)
    assert elapsed_seconds(start, end) == (7 * 24 - 1) * 3600


def test_a_shift_typed_with_an_earlier_end_runs_into_the_next_day():
    start, end = shift_bounds(dt.date(2026, 3, 10), dt.time(22), dt.time(6))
    assert (start, end) == (at("2026-03-10", "22:00"), at("2026-03-11", "06:00"))


def test_copying_a_shift_a_week_later_keeps_its_wall_clock_time_over_dst():
    before = at("2026-03-24", "09:00")  # UTC+1
    after = same_wall_time_days_later(before, 7)  # UTC+2
    assert after == at("2026-03-31", "09:00")
    assert elapsed_seconds(before, after) == (7 * 24 - 1) * 3600


def test_minutes_since():
    assert minutes_since(at("2026-03-10", "09:00"), at("2026-03-10", "10:30")) == 90
    assert minutes_since(at("2026-03-10", "09:00"), at("2026-03-10", "08:00")) == 0


class DayTotalLike:
    """Compares worked/break minutes of a DayTotal, ignoring the open count."""

    def __init__(self, worked: int, breaks: int) -> None:
        self.worked, self.breaks = worked, breaks

    def __eq__(self, other: object) -> bool:
        return (other.worked_minutes, other.break_minutes) == (self.worked, self.breaks)


def test_a_week_far_outside_any_shop_is_not_a_week():
    # Its local midnight would have no UTC value: a 400 in the API, this week on a page.
    assert iso_week_monday("0001-W01") is None and iso_week_monday("9999-W52") is None
    assert iso_week_monday("2026-W13") is not None
