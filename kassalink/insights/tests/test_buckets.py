"""Quarter-hour buckets are aligned in Amsterdam local time, DST days included."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from kassalink.insights.buckets import quarter_start, quarters_of_day

AMS = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC
QUARTER = dt.timedelta(minutes=15)

SPRING_FORWARD = dt.date(2026, 3, 29)  # 02:00 → 03:00
FALL_BACK = dt.date(2026, 10, 25)  # 03:00 → 02:00

instants = st.datetimes(
    min_value=dt.datetime(1980, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(UTC)
)
days = st.dates(min_value=dt.date(1980, 1, 1), max_value=dt.date(2100, 1, 1))


def test_a_normal_day_has_96_quarters():
    quarters = quarters_of_day(dt.date(2026, 3, 10))

    assert len(quarters) == 96
    assert quarters[0] == dt.datetime(2026, 3, 10, 0, 0, tzinfo=AMS)
    assert quarters[-1] == dt.datetime(2026, 3, 10, 23, 45, tzinfo=AMS)


def test_the_spring_dst_day_has_92_quarters_and_no_2_oclock():
    quarters = quarters_of_day(SPRING_FORWARD)

    assert len(quarters) == 92
    local_hours = [q.astimezone(AMS).hour for q in quarters]
    assert 2 not in local_hours
    assert local_hours.count(1) == 4 and local_hours.count(3) == 4


def test_the_autumn_dst_day_has_100_quarters_and_two_2_oclocks():
    quarters = quarters_of_day(FALL_BACK)

    assert len(quarters) == 100
    two_oclock = [q for q in quarters if q.astimezone(AMS).hour == 2]
    assert len(two_oclock) == 8
    assert two_oclock[0] == dt.datetime(2026, 10, 25, 0, 0, tzinfo=UTC)  # 02:00 CEST
    assert two_oclock[4] == dt.datetime(2026, 10, 25, 1, 0, tzinfo=UTC)  # 02:00 CET


def test_the_repeated_hour_keeps_its_two_buckets_apart():
    first = dt.datetime(2026, 10, 25, 0, 20, tzinfo=UTC)  # 02:20 summer time
    second = dt.datetime(2026, 10, 25, 1, 20, tzinfo=UTC)  # 02:20 winter time

    assert quarter_start(first) == dt.datetime(2026, 10, 25, 0, 15, tzinfo=UTC)
    assert quarter_start(second) == dt.datetime(2026, 10, 25, 1, 15, tzinfo=UTC)


def test_a_bucket_start_is_returned_in_utc():
    start = quarter_start(dt.datetime(2026, 3, 10, 12, 7, 59, tzinfo=AMS))

    assert start.utcoffset() == dt.timedelta(0)
    assert start == dt.datetime(2026, 3, 10, 12, 0, tzinfo=AMS)


def test_a_naive_time_is_refused():
    import pytest

    with pytest.raises(ValueError, match="naive"):
        quarter_start(dt.datetime(2026, 3, 10, 12, 7))


@given(instants)
def test_every_instant_falls_in_exactly_one_bucket_of_its_local_day(instant):
    day = instant.astimezone(AMS).date()
    containing = [q for q in quarters_of_day(day) if q <= instant < q + QUARTER]

    assert containing == [quarter_start(instant)]


@given(instants)
def test_a_bucket_starts_on_a_local_quarter_at_most_15_minutes_earlier(instant):
    start = quarter_start(instant)
    local = start.astimezone(AMS)

    assert start <= instant < start + QUARTER
    assert local.minute % 15 == 0 and local.second == 0 and local.microsecond == 0
    assert quarter_start(start) == start


@given(days)
def test_a_day_has_92_96_or_100_quarters_that_tile_it(day):
    quarters = quarters_of_day(day)
    # In UTC: subtracting two times of one zone would ignore the DST change between them.
    midnight = dt.datetime.combine(day, dt.time(0), AMS).astimezone(UTC)
    next_midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), AMS).astimezone(UTC)

    assert len(quarters) in (92, 96, 100)
    assert quarters[0] == midnight
    assert quarters[-1] + QUARTER == next_midnight
    assert all(b - a == QUARTER for a, b in itertools.pairwise(quarters))
    assert len(quarters) * QUARTER == next_midnight - midnight
