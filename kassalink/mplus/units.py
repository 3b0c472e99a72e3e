"""Every unit conversion between MplusKASSA's wire values and ours, in one place, so that
a finding on a real account corrects it everywhere at once."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# --- money ---------------------------------------------------------------------------
# Amounts are xsd:long. The WSDL only says "amount"; its one explicit unit is
# ReportHoursByEmployee.hourlyRate, documented as "Hourly rate in cents", and the
# official PHP client reads totalInclAmount, VatGroup.exclAmount/vatAmount, ... as an
# unscaled value with scale 2. So a long amount is a whole number of euro cents.


def cents(text: str) -> int:
    """A money long as integer cents ("1295" → 1295, i.e. € 12.95)."""
    return int(text)


def cents_to_decimal(amount: int) -> Decimal:
    """Integer cents as a Decimal euro amount, for the edges (display, invoices)."""
    return Decimal(amount).scaleb(-2)


# --- quantities ----------------------------------------------------------------------
# LineData.quantity is a long with a companion decimalPlaces (optional, absent = 0):
# quantity 1500 with decimalPlaces 3 is 1.500 (kg, say). Decimal keeps those places.


@functools.lru_cache(maxsize=4096)  # a page repeats the same few hundred quantities
def quantity(value: str | int, decimal_places: str | int | None) -> Decimal:
    """("1500", "3") → Decimal("1.500"); built from text, the fastest exact way."""
    places = int(decimal_places) if decimal_places is not None else 0
    if places < 0:
        raise ValueError(f"negative decimalPlaces {places}")
    return Decimal(f"{int(value)}E-{places}") if places else Decimal(int(value))


def quantity_to_wire(amount: Decimal) -> tuple[int, int]:
    """(unscaled long, decimalPlaces) for a Decimal quantity; the inverse of quantity()."""
    exponent = amount.as_tuple().exponent
    if not isinstance(exponent, int):
        raise ValueError(f"not a finite quantity: {amount}")
    places = max(0, -exponent)
    unscaled = int(amount.scaleb(places))
    return unscaled, places


# --- percentages ---------------------------------------------------------------------
# VatGroup.vatPercentage (long), LineData.vatPercentage and LineData.discountPercentage
# (int) are documented only as "Percentage for this VAT group" and the like. The
# project's reading (shared/mplus/README.md) is hundredths of a percent, 2100 = 21.00 %,
# which also fits the Dutch 9 % as 900.
# The official PHP client passes the integer through unscaled, so it does not settle
# the question: confirm on a real account's ?docs page and correct it here only.


@functools.lru_cache(maxsize=1024)  # a page has a handful of distinct rates; Decimals are immutable
def percentage(text: str | int) -> Decimal:
    """A percentage in hundredths as a Decimal percent (2100 → Decimal("21.00"))."""
    return Decimal(int(text)).scaleb(-2)


def percentage_to_wire(percent: Decimal) -> int:
    return int(percent.scaleb(2).to_integral_exact())


# --- dates ---------------------------------------------------------------------------


def date_from_parts(day: str | int, mon: str | int, year: str | int) -> dt.date | None:
    """A SoapMplusDate; an all-zero date (no date) is None."""
    year, mon, day = int(year), int(mon), int(day)
    if year == 0 and mon == 0 and day == 0:
        return None
    return dt.date(year, mon, day)


def date_to_parts(value: dt.date) -> tuple[int, int, int]:
    """(day, mon, year), the order of SoapMplusDate's elements."""
    return value.day, value.month, value.year


# --- date-times ----------------------------------------------------------------------
# SoapMplusDateTime is sec, min, hour, day, mon, year, isdst, timezone: struct tm's
# fields plus an offset. The WSDL documents none of them. What we rely on, from the
# official PHP client (SoapMplusDateTime::fromDateTime): it converts to
# Europe/Amsterdam, writes isdst=false always and timezone = date_parse()'s zone / 60,
# i.e. the *full* UTC offset in minutes EAST of UTC (+60 in winter, +120 in summer),
# DST already included. So: the wall time minus `timezone` minutes is UTC, and isdst is
# informational only; adding it would count summer time twice.
# Writing, we send the full offset too (the one reading that is right whichever way the
# server treats isdst) and the true DST flag of that instant.

_OFFSETS: dict[int, dt.timezone] = {}


def _offset(minutes: int) -> dt.timezone:
    zone = _OFFSETS.get(minutes)
    if zone is None:
        zone = _OFFSETS[minutes] = dt.timezone(dt.timedelta(minutes=minutes))
    return zone


def datetime_from_parts(
    sec: str | int,
    min: str | int,
    hour: str | int,
    day: str | int,
    mon: str | int,
    year: str | int,
    isdst: str | bool,
    timezone: str | int,
) -> dt.datetime | None:
    """An aware datetime at the wire's own offset; the all-zero 'no time' value is None.

    An open shift carries an endTimestamp of zeros (year 0 cannot be a datetime).
    `isdst` is accepted and deliberately ignored: `timezone` is the whole offset.
    """
    year = int(year)
    if year == 0:
        return None
    return dt.datetime(
        year, int(mon), int(day), int(hour), int(min), int(sec), tzinfo=_offset(int(timezone))
    )


def datetime_to_parts(value: dt.datetime) -> tuple[int, int, int, int, int, int, bool, int]:
    """(sec, min, hour, day, mon, year, isdst, timezone) in Europe/Amsterdam."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("a naive datetime has no place on the wire; pass an aware one")
    local = value.astimezone(AMSTERDAM)
    offset = local.utcoffset()
    dst = local.dst()
    assert offset is not None
    minutes = int(offset.total_seconds()) // 60
    return (
        local.second,
        local.minute,
        local.hour,
        local.day,
        local.month,
        local.year,
        bool(dst),
        minutes,
    )


def xsd_date(value: dt.date) -> str:
    """xsd:date text, used by the report requests (ReportDateFilter)."""
    return value.isoformat()


def parse_xsd_date(text: str) -> dt.date:
    # xsd:date may carry a zone suffix ("2026-03-29Z", "2026-03-29+02:00"); the date is the date.
    return dt.date.fromisoformat(text.strip()[:10])


def parse_xsd_datetime(text: str) -> dt.datetime:
    """xsd:dateTime as an aware datetime; a value without offset is Amsterdam wall time."""
    text = text.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=AMSTERDAM)
    return value
