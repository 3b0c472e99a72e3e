"""The week's planned shifts against its timesheet entries, for Urenregistratie, the API
and the roster: the per-entry and per-employee figures of `variance`, read from the
database for one shop, week and (optionally) department or employee."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kassalink.accounts.models import Organization

from .hours import local_span
from .models import Employee, RosterShift, TimesheetEntry
from .timesheet_query import TimesheetFilter, filtered_entries
from .variance import (
    EntryVariance,
    Planned,
    WeekVariance,
    Worked,
    entry_variance,
    entry_variances,
    week_variance,
)


def planned_of(shift: RosterShift) -> Planned:
    return Planned(shift.start, shift.end, shift.planned_break_minutes, key=shift.pk)


def worked_of(entry: TimesheetEntry) -> Worked:
    return Worked(entry.start, entry.end, entry.break_minutes, planned_key=entry.roster_shift_id)


def variance_of(entry: TimesheetEntry) -> EntryVariance:
    """One entry against its planned shift, beside the shift's other entries."""
    shift = entry.roster_shift
    if shift is None:
        return entry_variance(None, worked_of(entry))
    others = TimesheetEntry.objects.filter(roster_shift=shift).exclude(pk=entry.pk)
    worked = [worked_of(entry), *map(worked_of, others)]
    return entry_variances({shift.pk: planned_of(shift)}, worked)[0]


def variances_of(entries: list[TimesheetEntry]) -> dict[int, EntryVariance]:
    """Entries (with `roster_shift` loaded) against their planned shifts, by entry id; a
    shift's entries must all be among them."""
    planned = {e.roster_shift_id: planned_of(e.roster_shift) for e in entries if e.roster_shift}
    variances = entry_variances(planned, map(worked_of, entries))
    return {entry.pk: variance for entry, variance in zip(entries, variances, strict=True)}


@dataclass(frozen=True)
class EmployeeWeek:
    employee: Employee
    figures: WeekVariance


@dataclass(frozen=True)
class WeekComparison:
    entries: dict[int, EntryVariance]  # entry id → how it compares with its shift
    employees: list[EmployeeWeek]
    no_shows: list[RosterShift]

    def matches(self, entry: TimesheetEntry, kind: str) -> bool:
        """Whether an entry belongs under the ?afwijking= filter `kind`."""
        variance = self.entries.get(entry.pk)
        if kind == "overtime":
            return entry.employee_id in self.overtime_employee_ids
        if variance is None or kind == "no_show":
            return False
        return {
            "late": variance.late,
            "left_early": variance.left_early,
            "unplanned": variance.unplanned,
        }.get(kind, False)

    @property
    def overtime_employee_ids(self) -> set[int]:
        return {row.employee.pk for row in self.employees if row.figures.overtime_minutes}


def week_shifts(
    organization: Organization,
    monday: dt.date,
    department_id: int | None = None,
    employee_id: int | None = None,
) -> list[RosterShift]:
    start, end = local_span(monday, 7)
    shifts = RosterShift.objects.filter(organization=organization, start__gte=start, start__lt=end)
    if department_id:
        shifts = shifts.filter(department_id=department_id)
    if employee_id:
        shifts = shifts.filter(employee_id=employee_id)
    return list(shifts.select_related("employee", "department").order_by("start"))


def compare_week(
    shifts: Iterable[RosterShift], entries: Iterable[TimesheetEntry], now: dt.datetime
) -> WeekComparison:
    """`shifts` and `entries` of one week (same filters); entries need `roster_shift` and
    `employee` loaded."""
    shifts, entries = list(shifts), list(entries)
    people: dict[int, Employee] = {}
    planned: dict[int, list[Planned]] = defaultdict(list)
    worked: dict[int, list[Worked]] = defaultdict(list)
    for shift in shifts:
        people[shift.employee_id] = shift.employee
        planned[shift.employee_id].append(planned_of(shift))
    for entry in entries:
        people[entry.employee_id] = entry.employee
        worked[entry.employee_id].append(worked_of(entry))
    rows = [
        EmployeeWeek(person, week_variance(planned[pk], worked[pk], person.contract_hours, now))
        for pk, person in people.items()
    ]
    rows.sort(key=lambda row: (row.employee.name.lower(), row.employee.pk))
    missed = {s.key for row in rows for s in row.figures.no_shows}
    return WeekComparison(
        entries=variances_of(entries),
        employees=rows,
        no_shows=[shift for shift in shifts if shift.pk in missed],
    )


def compared_entries(
    organization: Organization, chosen: TimesheetFilter, now: dt.datetime
) -> tuple[list[TimesheetEntry], WeekComparison]:
    """The entries Urenregistratie lists for `chosen` (incl. its ?afwijking=) and the
    week's comparison, computed over the week's entries whatever their state."""
    assert chosen.monday is not None, "planned against worked is per week"
    everyone = dataclasses.replace(chosen, state=None, needs_review=False, variance=None)
    comparison = compare_week(
        week_shifts(organization, chosen.monday, chosen.department_id, chosen.employee_id),
        filtered_entries(organization, everyone),
        now,
    )
    shown = list(filtered_entries(organization, chosen).order_by("start", "pk"))
    if chosen.variance:
        shown = [entry for entry in shown if comparison.matches(entry, chosen.variance)]
    return shown, comparison
