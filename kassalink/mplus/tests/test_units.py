"""Property tests for the unit conversions: cents, quantities, percentages, and
date-times across Europe/Amsterdam's DST switches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kassalink.mplus import units

AMSTERDAM = units.AMSTERDAM
UTC = dt.UTC
longs = st.integers(min_value=-(2**63), max_value=2**63 - 1)


@given(longs)
def test_cents_are_the_wire_long_and_exact_in_euros(value: int) -> None:
    assert units.cents(str(value)) == value
    assert units.cents_to_decimal(value) * 100 == value


def test_cents_to_decimal_keeps_two_places() -> None:
    assert str(units.cents_to_decimal(1295)) == "12.95"
    assert str(units.cents_to_decimal(-5)) == "-0.05"


@given(longs, st.integers(min_value=0, max_value=6))
def test_quantity_round_trips_with_its_decimal_places(value: int, places: int) -> None:
    amount = units.quantity(str(value), str(places))
    assert units.quantity_to_wire(amount) == (value, places)
    assert amount == Decimal(value) / (Decimal(10) ** places)


def test_quantity_examples() -> None:
    assert str(units.quantity("1500", "3")) == "1.500"
    assert units.quantity("2", None) == Decimal(2)
    assert units.quantity_to_wire(Decimal("0.750")) == (750, 3)


@given(st.integers(min_value=0, max_value=10_000))
def test_percentages_are_hundredths(hundredths: int) -> None:
    percent = units.percentage(str(hundredths))
    assert percent * 100 == hundredths
    assert units.percentage_to_wire(percent) == hundredths


def test_dutch_vat_rates() -> None:
    assert units.percentage("2100") == Decimal("21.00")
    assert units.percentage("900") == Decimal("9.00")
    assert units.percentage("0") == Decimal("0")


# --- dates and date-times ------------------------------------------------------------

instants = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 12, 31), timezones=st.just(UTC)
)


@given(st.dates(min_value=dt.date(1, 1, 1)))
def test_dates_round_trip(value: dt.date) -> None:
    assert units.date_from_parts(*units.date_to_parts(value)) == value


def test_an_all_zero_date_or_datetime_is_none() -> None:
    assert units.date_from_parts(0, 0, 0) is None
    assert units.datetime_from_parts(0, 0, 0, 0, 0, 0, "false", 0) is None


@given(instants.map(lambda moment: moment.replace(microsecond=0)))
def test_every_instant_survives_the_trip_through_soap_mplus_date_time(
    moment: dt.datetime,
) -> None:
    parts = units.datetime_to_parts(moment)
    back = units.datetime_from_parts(*[str(p).lower() for p in parts])
    assert back == moment
    # The wire's wall clock is Amsterdam's, and the offset is the whole offset.
    local = moment.astimezone(AMSTERDAM)
    assert back.replace(tzinfo=None) == local.replace(tzinfo=None)
    assert parts[7] == local.utcoffset().total_seconds() // 60
    assert parts[6] == bool(local.dst())


@given(
    st.integers(min_value=-12 * 60, max_value=14 * 60),
    st.booleans(),
    instants,
)
def test_isdst_never_changes_the_instant(offset_minutes: int, isdst: bool, moment) -> None:
    wall = moment.astimezone(dt.timezone(dt.timedelta(minutes=offset_minutes)))
    parts = (wall.second, wall.minute, wall.hour, wall.day, wall.month, wall.year)
    read = units.datetime_from_parts(*parts, isdst, offset_minutes)
    assert read == moment.replace(microsecond=0)


@pytest.mark.parametrize(
    ("utc", "wire"),
    [
        # Spring 2026-03-29: 02:00 CET jumps to 03:00 CEST.
        (dt.datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC), (59, 59, 1, 29, 3, 2026, False, 60)),
        (dt.datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC), (0, 0, 3, 29, 3, 2026, True, 120)),
        # Autumn 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
        (dt.datetime(2026, 10, 25, 0, 30, 0, tzinfo=UTC), (0, 30, 2, 25, 10, 2026, True, 120)),
        (dt.datetime(2026, 10, 25, 1, 30, 0, tzinfo=UTC), (0, 30, 2, 25, 10, 2026, False, 60)),
    ],
)
def test_dst_edges_in_amsterdam(utc: dt.datetime, wire: tuple) -> None:
    assert units.datetime_to_parts(utc) == wire
    assert units.datetime_from_parts(*wire) == utc


def test_the_two_half_past_twos_of_the_autumn_night_stay_an_hour_apart() -> None:
    first = units.datetime_from_parts(0, 30, 2, 25, 10, 2026, "true", 120)
    second = units.datetime_from_parts(0, 30, 2, 25, 10, 2026, "false", 60)
    assert second - first == dt.timedelta(hours=1)


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        units.datetime_to_parts(dt.datetime(2026, 1, 1, 12, 0))


def test_xsd_dates_and_datetimes() -> None:
    assert units.xsd_date(dt.date(2026, 3, 9)) == "2026-03-09"
    assert units.parse_xsd_date("2026-03-09+01:00") == dt.date(2026, 3, 9)
    assert units.parse_xsd_datetime("2026-03-29T01:00:00Z") == dt.datetime(
        2026, 3, 29, 1, tzinfo=UTC
    )
    naive = units.parse_xsd_datetime("2026-07-01T12:00:00")
    assert naive == dt.datetime(2026, 7, 1, 10, tzinfo=UTC)  # read as Amsterdam time
