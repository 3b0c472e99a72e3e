"""Where an imported clock time lands: department, team and planned shift, and why.

- cost center set to a department → that department, whatever the roster says;
- Automatisch (or a branch without a known cost center) → the employee's planned shift
  with the largest overlap, taking its department and team;
- no planned shift overlaps → the employee's default department, flagged "no planned shift".
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

from .models import CostCenterRule, Employee, PosShift, RosterShift

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Planned shifts further than this from a clock time cannot overlap it.
REACH = dt.timedelta(days=1)


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
        cls, organization_id: int, employee_ids: Iterable[int], clocked: Sequence[PosShift]
    ) -> RosterIndex:
        ids = set(employee_ids)
        if not ids or not clocked:
            return cls({}, {})
        earliest = min(s.start for s in clocked) - REACH
        latest = max(s.end or s.start for s in clocked) + REACH
        planned = RosterShift.objects.filter(
            organization_id=organization_id, employee_id__in=ids, end__gt=earliest
        )
        if all(s.end is not None for s in clocked):
            planned = planned.filter(start__lt=latest)  # an open shift may reach any later plan
        by_employee: dict[int, list[RosterShift]] = defaultdict(list)
        for shift in planned.order_by("start", "pk"):
            by_employee[shift.employee_id].append(shift)
        employees = Employee.objects.filter(organization_id=organization_id, pk__in=ids)
        return cls(
            dict(by_employee), {e.pk: e for e in employees.select_related("default_department")}
        )


def overlap(start: dt.datetime, end: dt.datetime | None, planned: RosterShift) -> dt.timedelta:
    """How long [start, end) and the planned shift overlap; an open shift (end None) is
    taken to run on, so it matches the plan it started in."""
    until = planned.end if end is None else min(end, planned.end)
    return max(until - max(start, planned.start), dt.timedelta(0))


def best_planned_shift(
    start: dt.datetime, end: dt.datetime | None, planned: Iterable[RosterShift]
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
) -> Placement:
    # Reasons are stored, so they are written in the shop's language, not the request's.
    with translation.override(settings.LANGUAGE_CODE):
        if rule is not None and rule.mode == CostCenterRule.Mode.DEPARTMENT:
            reason = _("Kostenplaats %(cost_center)s → afdeling %(department)s") % {
                "cost_center": cost_center,
                "department": rule.department,
            }
            return Placement(employee_id, rule.department_id, None, None, reason)
        return _automatic(shift, employee_id, roster)


def _automatic(shift: PosShift, employee_id: int, roster: RosterIndex) -> Placement:
    found = best_planned_shift(shift.start, shift.end, roster.shifts.get(employee_id, ()))
    if found is None:
        employee = roster.employees[employee_id]
        reason = _("Geen geplande dienst: standaardafdeling %(department)s") % {
            "department": employee.default_department
        }
        return Placement(
            employee_id, employee.default_department_id, None, None, reason, no_planned_shift=True
        )
    planned, length = found
    start, end = planned.start.astimezone(AMSTERDAM), planned.end.astimezone(AMSTERDAM)
    reason = _("Geplande dienst %(day)s %(start)s–%(end)s (overlap %(overlap)s)") % {
        "day": start.strftime("%d-%m"),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "overlap": hours_minutes(length),
    }
    return Placement(employee_id, planned.department_id, planned.team_id, planned.pk, reason)
