"""Hours arithmetic for timesheets and the roster: worked time, breaks from gaps, wage cost,
and the local (Europe/Amsterdam) weeks and days the pages show.

Plain functions on aware datetimes and integers; no database. Durations are taken from
the difference of two aware datetimes, so a shift over midnight or over a DST change has
its real length.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

SHOP_TZ = ZoneInfo("Europe/Amsterdam")
CENT = Decimal("0.01")


def elapsed_seconds(start: dt.datetime, end: dt.datetime) -> float:
    """Real seconds between two aware datetimes.

    Python subtracts two datetimes that share a tzinfo on the wall clock, ignoring a DST
    change between them; going through UTC gives the real duration.
    """
    return (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds()


def break_fits(start: dt.datetime, end: dt.datetime, break_minutes: int) -> bool:
    """Whether a break of `break_minutes` leaves some work in [start, end)."""
    return break_minutes * 60 < elapsed_seconds(start, end)


@dataclass(frozen=True)
class WorkedInterval:
    """One clock-in/clock-out; `end` is None while the employee is still clocked in."""

    start: dt.datetime
    end: dt.datetime | None
    break_minutes: int = 0


@dataclass(frozen=True)
class DayTotal:
    """One employee's day: minutes worked, and the break (recorded breaks plus the gaps
    between two clock-ins, since the POS pause button is not used)."""

    worked_minutes: int
    break_minutes: int
    open_intervals: int = 0


def worked_minutes(start: dt.datetime, end: dt.datetime | None, break_minutes: int = 0) -> int:
    """Whole minutes worked in one interval; an open interval counts 0 until clock-out."""
    if end is None:
        return 0
    return max(0, int(elapsed_seconds(start, end) // 60) - break_minutes)


def minutes_since(start: dt.datetime, now: dt.datetime) -> int:
    """How long someone has been clocked in, in whole minutes (never negative)."""
    return max(0, int(elapsed_seconds(start, now) // 60))


def day_total(intervals: Iterable[WorkedInterval]) -> DayTotal:
    """Worked minutes and break minutes of one employee's day.

    The gap between one interval's end and the next one's start counts as break: that is
    how a shop without the pause button records a break (clock out, clock in again).
    An open interval adds nothing to the worked time and closes no gap.
    """
    ordered = sorted(intervals, key=lambda i: i.start)
    worked = breaks = open_count = 0
    previous_end: dt.datetime | None = None
    for interval in ordered:
        if previous_end is not None and interval.start > previous_end:
            breaks += int(elapsed_seconds(previous_end, interval.start) // 60)
        if interval.end is None:
            open_count += 1
            previous_end = None
            continue
        worked += worked_minutes(interval.start, interval.end, interval.break_minutes)
        breaks += interval.break_minutes
        previous_end = max(previous_end or interval.end, interval.end)
    return DayTotal(worked, breaks, open_count)


def wage_cost(minutes: int, hourly_wage_cents: int) -> Decimal:
    """Wage cost in euros with two decimals: minutes × hourly wage, exact in Decimal."""
    cents = Decimal(minutes * hourly_wage_cents) / Decimal(60)
    return (cents / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)


def hours_decimal(minutes: int) -> Decimal:
    """Minutes as hours with two decimals (450 → 7.50), for payroll."""
    return (Decimal(minutes) / Decimal(60)).quantize(CENT, rounding=ROUND_HALF_UP)


def format_minutes(minutes: int) -> str:
    """Minutes as h:mm (450 → "7:30"), the way a timesheet shows them."""
    return f"{minutes // 60}:{minutes % 60:02d}"


# --- weeks and days in the shop's time zone ------------------------------------------


# The years a shop's weeks and times may fall in. Outside them date arithmetic (a week
# later, midnight in UTC) leaves Python's calendar, and no real shift is there.
FIRST_YEAR, LAST_YEAR = 2000, 2999
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
_ISO_WEEK = re.compile(r"(\d{4})-W(\d{2})", re.ASCII)


class LocalTimeError(ValueError):
    """A typed local date or time that cannot be a moment of a shop (a message for people)."""


def iso_week_monday(value: str) -> dt.date | None:
    """The Monday of an ISO week like "2026-W13" between FIRST_YEAR and LAST_YEAR; None
    when it is not one. The one parser of ?week= for pages, the CSV export and the API."""
    match = _ISO_WEEK.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        return None
    try:
        return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None


def unusable_week(value: str | None) -> bool:
    """A ?week= was given but is not a week we can show."""
    return bool(value) and iso_week_monday(value) is None


def parse_iso_week(value: str | None, today: dt.date) -> dt.date:
    """The Monday of an ISO week like "2026-W13"; the current week when missing or bad."""
    monday = iso_week_monday(value) if value else None
    return monday or today - dt.timedelta(days=today.weekday())


def iso_week_label(monday: dt.date) -> str:
    """The ?week= value of the week that starts on `monday` ("2026-W13")."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_days(monday: dt.date) -> list[dt.date]:
    return [monday + dt.timedelta(days=n) for n in range(7)]


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of a day in the shop's time zone, as an aware datetime."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=SHOP_TZ)


def local_span(first_day: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    """Aware [start, end) of `days` local days from `first_day`; a DST day is 23 or 25 h."""
    return local_midnight(first_day), local_midnight(first_day + dt.timedelta(days=days))


def check_year(moment: dt.date) -> None:
    """Refuse a day outside FIRST_YEAR..LAST_YEAR (see there why)."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise LocalTimeError(
            _("Kies een datum tussen %(first)s en %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


def aware_local(naive: dt.datetime) -> dt.datetime:
    """A wall-clock time typed without offset, as a moment in the shop's time zone.

    The one reader of local date-times (forms and API). A time in the hour the clocks skip
    (last Sunday of March, 02:00-03:00) does not exist and is refused rather than moved; in
    the hour that happens twice (October) the first, summer-time one is meant.
    """
    check_year(naive)
    aware = naive.replace(tzinfo=SHOP_TZ)
    if aware.astimezone(dt.UTC).astimezone(SHOP_TZ).replace(tzinfo=None) != naive:
        raise LocalTimeError(
            _("%(time)s bestaat niet op %(day)s: de klok gaat dan een uur vooruit.")
            % {"time": naive.strftime("%H:%M"), "day": naive.date().isoformat()}
        )
    return aware


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """A wall-clock time on a local day, aware in the shop's time zone (see aware_local)."""
    return aware_local(dt.datetime.combine(day, time))


def shift_bounds(day: dt.date, start: dt.time, end: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """Start and end of a shift typed as day + two times; an end at or before the start
    means the shift runs past midnight into the next day. Raises LocalTimeError for a day
    out of range or a time the clock skips."""
    check_year(day)
    end_day = day + dt.timedelta(days=1) if end <= start else day
    return local_datetime(day, start), local_datetime(end_day, end)


def same_wall_time_days_later(moment: dt.datetime, days: int) -> dt.datetime:
    """The same local clock time `days` later: 09:00 stays 09:00 across a DST change."""
    local = moment.astimezone(SHOP_TZ)
    naive = local.replace(tzinfo=None) + dt.timedelta(days=days)
    return naive.replace(tzinfo=SHOP_TZ)
