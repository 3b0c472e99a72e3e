"""What the Insights page shows, computed once per request for the page, its refresh and
its CSV exports: the KPI table against last week and last year, the labour table per
interval, the staffing view of one day and the data of both charts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from kassalink.accounts.models import Organization
from kassalink.mplus.units import AMSTERDAM
from kassalink.web.ids import is_whole
from kassalink.workforce.models import Department, PosBranch, Team

from . import kpis
from .models import TeamTarget, TurnoverBucket
from .queries import Filters, grouped, labour_rows, labour_summary, turnover_rows, vat_included

PERIODS = ("day", "week", "month")
CHART_INTERVALS = {"day": ("quarter", "hour"), "week": ("day", "hour"), "month": ("day",)}
LAST_YEAR_DAYS = 364  # 52 weeks: the same weekday a year ago


@dataclass(frozen=True)
class Choice:
    """The page's filters as chosen (bad values fall back to defaults, never a 500)."""

    period: str
    day: dt.date
    branch: int | None
    department: int | None
    team: int | None
    chart: str

    def span(self) -> tuple[dt.date, dt.date]:
        if self.period == "week":
            monday = self.day - dt.timedelta(days=self.day.weekday())
            return monday, monday + dt.timedelta(days=6)
        if self.period == "month":
            first = self.day.replace(day=1)
            following = (first + dt.timedelta(days=32)).replace(day=1)
            return first, following - dt.timedelta(days=1)
        return self.day, self.day

    def filters(self, organization: Organization, interval: str) -> Filters:
        first, through = self.span()
        return Filters(
            organization, first, through, interval, self.branch, self.team, self.department
        )

    def is_today(self, today: dt.date) -> bool:
        first, through = self.span()
        return first <= today <= through


def today() -> dt.date:
    return timezone.now().astimezone(AMSTERDAM).date()


def _id(params: QueryDict, name: str, allowed: set[int]) -> int | None:
    value = params.get(name, "")
    return int(value) if is_whole(value) and len(value) < 19 and int(value) in allowed else None


def choice_from(params: QueryDict, organization: Organization) -> Choice:
    period = params.get("period") if params.get("period") in PERIODS else "day"
    try:
        day = dt.date.fromisoformat(params.get("date", ""))
    except ValueError:
        day = today()
    if not dt.date(2000, 1, 1) <= day <= dt.date(2099, 12, 31):
        day = today()  # far-off dates have no local midnight to show
    teams = set(Team.objects.filter(organization=organization).values_list("pk", flat=True))
    departments = set(
        Department.objects.filter(organization=organization).values_list("pk", flat=True)
    )
    chart = params.get("chart")
    if chart not in CHART_INTERVALS[period]:
        chart = CHART_INTERVALS[period][0]
    return Choice(
        period=period,
        day=day,
        branch=_id(params, "branch", set(branches_of(organization))),
        department=_id(params, "department", departments),
        team=_id(params, "team", teams),
        chart=chart,
    )


def branches_of(organization: Organization) -> list[int]:
    known = PosBranch.objects.filter(organization=organization).values_list("number", flat=True)
    return sorted(set(known) or {1})


# --- the tables --------------------------------------------------------------------


@dataclass(frozen=True)
class KpiLine:
    key: str
    label: str
    kind: str  # "cents", "hours", "percent"
    now: int | Decimal | None
    last_week: int | Decimal | None
    last_year: int | Decimal | None

    @property
    def change_week(self) -> Decimal | None:
        return kpis.change_percent(self.now, self.last_week)

    @property
    def change_year(self) -> Decimal | None:
        return kpis.change_percent(self.now, self.last_year)


@dataclass(frozen=True)
class IntervalLine:
    start: dt.datetime
    figures: dict
    missed: bool
    staffing: str = "ok"


@dataclass(frozen=True)
class Insights:
    choice: Choice
    include_vat: bool
    kpis: list[KpiLine]
    intervals: list[IntervalLine]  # per hour (a day) or per day (a week or month)
    staffing: list[IntervalLine]  # per hour of the chosen day
    chart: dict
    staffing_chart: dict
    target: TeamTarget | None
    refresh: bool


KPI_ROWS = (
    ("turnover_cents", gettext_noop("Omzet"), "cents"),
    ("planned_hours", gettext_noop("Geplande uren"), "hours"),
    ("worked_hours", gettext_noop("Gewerkte uren"), "hours"),
    ("labour_cost_cents", gettext_noop("Loonkosten"), "cents"),
    ("labour_percent", gettext_noop("Loonkosten in % van de omzet"), "percent"),
    ("sales_per_labour_hour_cents", gettext_noop("Omzet per gewerkt uur"), "cents"),
)


def build(organization: Organization, choice: Choice) -> Insights:
    include_vat = vat_included(organization)
    table_interval = "hour" if choice.period == "day" else "day"
    rows = labour_rows(choice.filters(organization, table_interval))
    now, earlier = _summaries(organization, choice, rows, include_vat)
    target = (
        TeamTarget.objects.filter(team_id=choice.team, organization=organization).first()
        if choice.team
        else None
    )
    lines = [
        # Translated here: {% translate var %} doubles a "%" in the text before the lookup.
        KpiLine(key, gettext(label), kind, now[key], earlier[7][key], earlier[LAST_YEAR_DAYS][key])
        for key, label, kind in KPI_ROWS
    ]
    staffing_day = choice if choice.period == "day" else None
    staffing = _staffing(organization, staffing_day, rows, include_vat, target)
    return Insights(
        choice=choice,
        include_vat=include_vat,
        kpis=lines,
        intervals=_interval_lines(rows, choice.period, include_vat, target),
        staffing=staffing,
        chart=_chart(organization, choice, include_vat),
        staffing_chart={
            "labels": [line.start.astimezone(AMSTERDAM).strftime("%H:%M") for line in staffing],
            "turnover": [line.figures["turnover_cents"] for line in staffing],
            "planned": [line.figures["people_planned"] for line in staffing],
            "worked": [line.figures["people_worked"] for line in staffing],
            "marks": [line.staffing for line in staffing],
        },
        target=target,
        refresh=choice.is_today(today()),
    )


def _summaries(
    organization: Organization, choice: Choice, rows: list, include_vat: bool
) -> tuple[dict, dict[int, dict]]:
    """The KPIs of the period, and of the same period last week and last year (by days
    back). A period still running is compared like for like: all three up to this moment
    of it, by quarter hour, so at 08:00 today is not set against the whole of a day."""
    if not choice.is_today(today()):
        return labour_summary(rows, include_vat), {
            days: labour_summary(
                labour_rows(choice.filters(organization, "day").shifted(days)), include_vat
            )
            for days in (7, LAST_YEAR_DAYS)
        }
    filters = choice.filters(organization, "day")
    # The same wall-clock moment back then (aware arithmetic on the local zone).
    moment = timezone.now().astimezone(AMSTERDAM)
    return _so_far(filters, moment, include_vat), {
        days: _so_far(filters.shifted(days), moment - dt.timedelta(days=days), include_vat)
        for days in (7, LAST_YEAR_DAYS)
    }


def _so_far(filters: Filters, until: dt.datetime, include_vat: bool) -> dict:
    """The KPIs of `filters`' days up to the local moment `until`: the days before its
    day whole (a row a day), its own day by quarter hour, the days after it not at all."""
    day = until.date()
    rows = []
    if filters.first < day:
        before = min(filters.through, day - dt.timedelta(days=1))
        rows += labour_rows(dataclasses.replace(filters, through=before, interval="day"))
    if filters.first <= day <= filters.through:
        today_only = dataclasses.replace(filters, first=day, through=day, interval="quarter")
        rows += [row for row in labour_rows(today_only) if row.start < until]
    return labour_summary(rows, include_vat)


def _interval_lines(rows, period, include_vat, target) -> list[IntervalLine]:
    size = "day" if period != "day" else None
    groups = grouped(rows, size) if size else [(row.start, [row]) for row in rows]
    lines = []
    for start, members in groups:
        figures = labour_summary(members, include_vat)
        lines.append(IntervalLine(start, figures, _missed(figures, target)))
    return lines


def _missed(figures: dict, target: TeamTarget | None) -> bool:
    if target is None or (not figures["worked_hours"] and not figures["turnover_cents"]):
        return False
    if target.max_labour_percent is not None and figures["turnover_cents"] <= 0:
        return figures["labour_cost_cents"] > 0  # paid hours without sales: no % can meet it
    return kpis.misses_target(
        figures["labour_percent"],
        figures["sales_per_labour_hour_cents"],
        target.max_labour_percent,
        target.min_sales_per_labour_hour_cents,
    )


def _staffing(organization, day_choice, hour_rows, include_vat, target) -> list[IntervalLine]:
    """One day per hour: turnover against people clocked in and planned."""
    if day_choice is None:
        return []
    day_figures = labour_summary(hour_rows, include_vat)
    reference = (target.min_sales_per_labour_hour_cents if target else None) or day_figures[
        "sales_per_labour_hour_cents"
    ]
    lines = []
    moment = timezone.now()
    for row in hour_rows:
        figures = labour_summary([row], include_vat)
        if not (figures["people_worked"] or figures["people_planned"] or figures["turnover_cents"]):
            continue
        # An hour still to come has a plan but no sales or clock times to judge it by.
        mark = (
            "later"
            if row.start > moment
            else kpis.staffing(figures["turnover_cents"], len(row.worked_people), reference)
        )
        lines.append(IntervalLine(row.start, figures, _missed(figures, target), mark))
    return lines


def _chart(organization: Organization, choice: Choice, include_vat: bool) -> dict:
    """Turnover per chart interval, now and the same period last week, as plain numbers."""
    column = "turnover_incl_vat_cents" if include_vat else "turnover_excl_vat_cents"

    def series(filters: Filters) -> dict[dt.datetime, int]:
        values: dict[dt.datetime, int] = {}
        for row in turnover_rows(filters, per_branch=False):
            values[row["start"]] = values.get(row["start"], 0) + row[column]
        return values

    filters = choice.filters(organization, choice.chart)
    now = series(filters)
    before = {
        start + dt.timedelta(days=7): value for start, value in series(filters.shifted(7)).items()
    }
    starts = sorted(set(now) | set(before))
    fmt = "%H:%M" if choice.chart != "day" else "%d-%m"
    return {
        "labels": [s.astimezone(AMSTERDAM).strftime(fmt) for s in starts],
        "now": [now.get(s, 0) for s in starts],
        "last_week": [before.get(s, 0) for s in starts],
        "total": sum(now.values()),
        "includes_vat": include_vat,
    }


def chart_total_in_database(organization: Organization, choice: Choice) -> int:
    """The chart's total straight from the buckets (for the browser test and the bench)."""
    first, through = choice.span()
    column = "amount_incl_cents" if vat_included(organization) else "amount_excl_cents"
    rows = TurnoverBucket.objects.filter(
        organization=organization, financial_date__gte=first, financial_date__lte=through
    )
    return sum(rows.values_list(column, flat=True))
