"""What the Insights page and API read: turnover per quarter, hour or day, and hours,
labour cost and people at work per interval, always within one organization.

Turnover is summed in the database (a year of 20 branches is ~700,000 buckets). An hour
is the UTC hour: Amsterdam's offset is a whole number of hours, so the UTC hour and the
local hour start at the same instant. A day is the bucket's financial date. Hours worked
come from the timesheets, hours planned from the roster, spread over the intervals they
overlap (a break shortens each part in proportion).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncHour
from django.utils import timezone

from kassalink.accounts.models import Organization
from kassalink.mplus.units import AMSTERDAM
from kassalink.workforce.models import RosterShift, TimesheetEntry

from . import kpis
from .buckets import QUARTER, quarters_of_day
from .models import TurnoverBucket, TurnoverDay, TurnoverSettings

INTERVALS = ("quarter", "hour", "day")
HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Filters:
    """One question to Insights: financial dates `first`..`through` (both included)."""

    organization: Organization
    first: dt.date
    through: dt.date
    interval: str = "day"
    branch: int | None = None
    team: int | None = None
    department: int | None = None

    def shifted(self, days: int) -> Filters:
        delta = dt.timedelta(days=days)
        return Filters(
            self.organization,
            self.first - delta,
            self.through - delta,
            self.interval,
            self.branch,
            self.team,
            self.department,
        )


@dataclass
class LabourRow:
    start: dt.datetime
    planned_seconds: Fraction = Fraction(0)
    worked_seconds: Fraction = Fraction(0)
    planned_cost: Fraction = Fraction(0)
    worked_cost: Fraction = Fraction(0)
    planned_people: set[int] = field(default_factory=set)
    worked_people: set[int] = field(default_factory=set)
    turnover_incl_cents: int = 0
    turnover_excl_cents: int = 0


@lru_cache(maxsize=4096)
def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), AMSTERDAM).astimezone(dt.UTC)


def interval_starts(first: dt.date, through: dt.date, interval: str) -> list[dt.datetime]:
    """Every interval start (UTC) of the local days first..through."""
    days = [first + dt.timedelta(days=n) for n in range((through - first).days + 1)]
    if interval == "day":
        return [local_midnight(day) for day in days]
    if interval == "quarter":
        return [start for day in days for start in quarters_of_day(day)]
    return [start for day in days for start in quarters_of_day(day) if start.minute == 0]


def interval_length(interval: str) -> dt.timedelta | None:
    return {"quarter": QUARTER, "hour": HOUR}.get(interval)


def vat_included(organization: Organization) -> bool:
    """Which of incl./excl. btw this shop's charts show: its Omzet setting (one choice
    for the whole shop, so one chart never mixes both)."""
    chosen = (
        TurnoverSettings.objects.filter(organization=organization, enabled=True)
        .order_by("connection_id")
        .values_list("includes_vat", flat=True)
        .first()
    )
    return True if chosen is None else chosen


# --- turnover ----------------------------------------------------------------------


def buckets_of(filters: Filters, model: type = TurnoverBucket) -> QuerySet:
    """The filtered buckets, or with `model=TurnoverDay` their day sums."""
    buckets = model.objects.filter(
        organization=filters.organization,
        financial_date__gte=filters.first,
        financial_date__lte=filters.through,
    )
    if filters.branch is not None:
        buckets = buckets.filter(branch_number=filters.branch)
    if filters.team is not None:
        buckets = buckets.filter(team_id=filters.team)
    if filters.department is not None:
        buckets = buckets.filter(team__department_id=filters.department)
    return buckets


def turnover_rows(filters: Filters, *, per_branch: bool = True) -> list[dict]:
    """Turnover per interval (and branch): start, branch, incl., excl., receipt counts."""
    buckets = buckets_of(filters, TurnoverDay if filters.interval == "day" else TurnoverBucket)
    if filters.interval == "quarter":
        key = "start"
    elif filters.interval == "hour":
        buckets = buckets.annotate(hour=TruncHour("start", tzinfo=dt.UTC))
        key = "hour"
    else:
        key = "financial_date"
    group = [key, "branch_number"] if per_branch else [key]
    rows = (
        buckets.values(*group)
        .annotate(
            incl=Sum("amount_incl_cents"),
            excl=Sum("amount_excl_cents"),
            receipts=Sum("receipt_count"),
            credits=Sum("credit_count"),
        )
        .order_by(*group)
    )
    return [
        {
            "start": local_midnight(row[key]) if key == "financial_date" else _utc(row[key]),
            "branch": row.get("branch_number"),
            "turnover_incl_vat_cents": row["incl"],
            "turnover_excl_vat_cents": row["excl"],
            "receipt_count": row["receipts"],
            "credit_count": row["credits"],
        }
        for row in rows
    ]


def turnover_totals(filters: Filters) -> dict[str, int]:
    totals = buckets_of(filters, TurnoverDay).aggregate(
        incl=Sum("amount_incl_cents"), excl=Sum("amount_excl_cents"), receipts=Sum("receipt_count")
    )
    return {name: value or 0 for name, value in totals.items()}


def _utc(moment: dt.datetime) -> dt.datetime:
    if timezone.is_naive(moment):  # SQLite's TruncHour gives a naive UTC time
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


# --- hours and labour cost ---------------------------------------------------------


def _people_filter(filters: Filters) -> Q:
    condition = Q(organization=filters.organization)
    if filters.team is not None:
        condition &= Q(team_id=filters.team)
    if filters.department is not None:
        condition &= Q(department_id=filters.department)
    return condition


def labour_rows(filters: Filters, *, now: dt.datetime | None = None) -> list[LabourRow]:
    """Planned and worked time, labour cost, people and turnover per interval.

    Someone still clocked in counts until `now`. The branch filter narrows the turnover;
    hours belong to teams and departments, which the team/department filters narrow.
    """
    now = now or timezone.now()
    span_start = local_midnight(filters.first)
    span_end = local_midnight(filters.through + dt.timedelta(days=1))
    starts = interval_starts(filters.first, filters.through, filters.interval)
    rows = {start: LabourRow(start) for start in starts}
    bounds = _bounds(starts, span_end, filters.interval)
    people = _people_filter(filters)
    shifts = RosterShift.objects.filter(people, start__lt=span_end, end__gt=span_start)
    for shift in shifts.select_related("employee"):
        _spread(rows, bounds, shift.start, shift.end, shift.planned_break_minutes, shift, "planned")
    entries = TimesheetEntry.objects.filter(people, start__lt=span_end).filter(
        Q(end__gt=span_start) | Q(end__isnull=True)
    )
    for entry in entries.select_related("employee"):
        end = entry.end or max(now, entry.start)
        _spread(rows, bounds, entry.start, end, entry.break_minutes, entry, "worked")
    for turnover in turnover_rows(filters, per_branch=False):
        row = rows.get(turnover["start"])
        if row is not None:
            row.turnover_incl_cents += turnover["turnover_incl_vat_cents"]
            row.turnover_excl_cents += turnover["turnover_excl_vat_cents"]
    return list(rows.values())


def _bounds(
    starts: list[dt.datetime], span_end: dt.datetime, interval: str
) -> list[tuple[dt.datetime, dt.datetime]]:
    ends = [*starts[1:], span_end]
    if interval != "day":
        length = interval_length(interval)
        ends = [start + length for start in starts]
    return list(zip(starts, ends, strict=True))


def _spread(
    rows: dict[dt.datetime, LabourRow],
    bounds: list[tuple[dt.datetime, dt.datetime]],
    start: dt.datetime,
    end: dt.datetime,
    break_minutes: int,
    source: RosterShift | TimesheetEntry,
    kind: str,
) -> None:
    """Add one shift's time (less its break, in proportion) to each interval it overlaps."""
    total = int((end - start).total_seconds())
    if total <= 0:
        return
    share = Fraction(max(0, total - break_minutes * 60), total)
    wage = source.employee.hourly_wage_cents
    first = max(0, bisect_right(bounds, (start, start)) - 1)
    for begin, finish in bounds[first:]:
        if begin >= end:
            break
        overlap = int((min(end, finish) - max(start, begin)).total_seconds())
        if overlap <= 0:
            continue
        row = rows[begin]
        seconds = overlap * share
        if kind == "planned":
            row.planned_seconds += seconds
            row.planned_cost += kpis.labour_cost(seconds, wage)
            row.planned_people.add(source.employee_id)
        else:
            row.worked_seconds += seconds
            row.worked_cost += kpis.labour_cost(seconds, wage)
            row.worked_people.add(source.employee_id)


def labour_summary(rows: Iterable[LabourRow], include_vat: bool) -> dict:
    """Totals and KPIs of a list of labour rows (a table line or a whole period)."""
    rows = list(rows)
    planned = sum((row.planned_seconds for row in rows), Fraction(0))
    worked = sum((row.worked_seconds for row in rows), Fraction(0))
    worked_cost = kpis.round_cents(sum((row.worked_cost for row in rows), Fraction(0)))
    planned_cost = kpis.round_cents(sum((row.planned_cost for row in rows), Fraction(0)))
    incl = sum(row.turnover_incl_cents for row in rows)
    excl = sum(row.turnover_excl_cents for row in rows)
    turnover = incl if include_vat else excl
    return {
        "planned_hours": kpis.hours(planned),
        "worked_hours": kpis.hours(worked),
        "planned_labour_cost_cents": planned_cost,
        "labour_cost_cents": worked_cost,
        "turnover_incl_vat_cents": incl,
        "turnover_excl_vat_cents": excl,
        "turnover_cents": turnover,
        "labour_percent": kpis.labour_percent(worked_cost, turnover),
        "sales_per_labour_hour_cents": kpis.sales_per_labour_hour(turnover, worked),
        "people_planned": len(set().union(*(row.planned_people for row in rows))),
        "people_worked": len(set().union(*(row.worked_people for row in rows))),
    }


def grouped(rows: list[LabourRow], size: str) -> list[tuple[dt.datetime, list[LabourRow]]]:
    """Day rows rolled up per week (Monday) or month, in order; `size` "day" keeps them."""
    groups: dict[dt.datetime, list[LabourRow]] = defaultdict(list)
    for row in rows:
        day = row.start.astimezone(AMSTERDAM).date()
        if size == "week":
            day -= dt.timedelta(days=day.weekday())
        elif size == "month":
            day = day.replace(day=1)
        groups[local_midnight(day)].append(row)
    return sorted(groups.items())
