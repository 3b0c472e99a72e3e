"""Where an imported clock time lands: department, team and planned shift, and why.

- cost center set to a department → that department, whatever the roster says;
- Automatisch (or a branch without a known cost center) → the employee's planned shift
  with the largest overlap, taking its department and team;
- no planned shift overlaps → the employee's default department, flagged "no planned shift".

A shift still clocked in is matched as what it is so far: started at its clock-in and
running until now (see `matched_span`), never as if it ran on into every later plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from kassalink.sync.conf import setting_int
from kassalink.web.templatetags.dates import day

from .models import CostCenterRule, Employee, PosShift, RosterShift
from .placement_reasons import COST_CENTER, NO_PLANNED_SHIFT, PLANNED, PLANNED_OPEN

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Planned shifts further than this from a clock time cannot overlap it.
REACH = dt.timedelta(days=1)
# An open shift is matched as lasting at least this long, so someone who clocks in a
# little early meets the plan they came for rather than none.
OPEN_SHIFT_AT_LEAST = dt.timedelta(hours=1)


def clock_out_missing_after() -> dt.timedelta:
    """An open shift older than this is flagged, never closed by a guess (default 14 h)."""
    return dt.timedelta(hours=max(1, setting_int("KASSALINK_CLOCK_OUT_MISSING_HOURS", 14)))


def matched_span(
    start: dt.datetime, end: dt.datetime | None, now: dt.datetime
) -> tuple[dt.datetime, dt.datetime]:
    """The span a clock time is matched with against the roster. A closed shift is its own
    times. An open one started at its start and has not ended: it covers start → now,
    at least OPEN_SHIFT_AT_LEAST and at most until its clock-out counts as missing (after
    that how long it ran is unknown, so it reaches no further plans)."""
    if end is not None:
        return start, end
    until = max(now, start + OPEN_SHIFT_AT_LEAST)
    return start, min(until, start + clock_out_missing_after())


@dataclass(frozen=True)
class Placement:
    employee_id: int
    department_id: int
    team_id: int | None
    roster_shift_id: int | None
    reason: str
    no_planned_shift: bool = False


@dataclass
class RosterIndex:
    """The planned shifts and default departments of the employees of one page."""

    shifts: dict[int, list[RosterShift]]
    employees: dict[int, Employee]

    @classmethod
    def around(
        cls,
        organization_id: int,
        employee_ids: Iterable[int],
        clocked: Sequence[PosShift],
        now: dt.datetime,
    ) -> RosterIndex:
        ids = set(employee_ids)
        if not ids or not clocked:
            return cls({}, {})
        earliest = min(s.start for s in clocked) - REACH
        latest = max(matched_span(s.start, s.end, now)[1] for s in clocked) + REACH
        planned = RosterShift.objects.filter(
            organization_id=organization_id,
            employee_id__in=ids,
            end__gt=earliest,
            start__lt=latest,
        )
        by_employee: dict[int, list[RosterShift]] = defaultdict(list)
        for shift in planned.order_by("start", "pk"):
            by_employee[shift.employee_id].append(shift)
        employees = Employee.objects.filter(organization_id=organization_id, pk__in=ids)
        return cls(
            dict(by_employee), {e.pk: e for e in employees.select_related("default_department")}
        )


def overlap(start: dt.datetime, end: dt.datetime, planned: RosterShift) -> dt.timedelta:
    """How long [start, end) and the planned shift overlap."""
    return max(min(end, planned.end) - max(start, planned.start), dt.timedelta(0))


def best_planned_shift(
    start: dt.datetime, end: dt.datetime, planned: Iterable[RosterShift]
) -> tuple[RosterShift, dt.timedelta] | None:
    """The planned shift with the largest overlap (the earliest on a tie), or None."""
    best: tuple[RosterShift, dt.timedelta] | None = None
    for candidate in planned:
        length = overlap(start, end, candidate)
        if length > dt.timedelta(0) and (best is None or length > best[1]):
            best = (candidate, length)
    return best


def hours_minutes(length: dt.timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def place(
    shift: PosShift,
    employee_id: int,
    cost_center: str | None,
    rule: CostCenterRule | None,
    roster: RosterIndex,
    now: dt.datetime,
) -> Placement:
    # Reasons are stored, so they are written in the shop's language, not the request's.
    with translation.override(settings.LANGUAGE_CODE):
        if rule is not None and rule.mode == CostCenterRule.Mode.DEPARTMENT:
            reason = _(COST_CENTER) % {
                "cost_center": cost_center,
                "department": rule.department,
            }
            return Placement(employee_id, rule.department_id, None, None, reason)
        return _automatic(shift, employee_id, roster, now)


def _automatic(
    shift: PosShift, employee_id: int, roster: RosterIndex, now: dt.datetime
) -> Placement:
    start, end = matched_span(shift.start, shift.end, now)
    found = best_planned_shift(start, end, roster.shifts.get(employee_id, ()))
    if found is None:
        employee = roster.employees[employee_id]
        reason = _(NO_PLANNED_SHIFT) % {"department": employee.default_department}
        return Placement(
            employee_id, employee.default_department_id, None, None, reason, no_planned_shift=True
        )
    planned, length = found
    start, end = planned.start.astimezone(AMSTERDAM), planned.end.astimezone(AMSTERDAM)
    times = {
        "day": day(start),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
    }
    if shift.end is None:
        # Not the overlap so far: it grows every run and would rewrite the entry each time.
        reason = _(PLANNED_OPEN) % {
            **times,
            "clock_in": shift.start.astimezone(AMSTERDAM).strftime("%H:%M"),
        }
    else:
        reason = _(PLANNED) % {
            **times,
            "overlap": hours_minutes(length),
        }
    return Placement(employee_id, planned.department_id, planned.team_id, planned.pk, reason)
