"""How MplusKASSA employees and clocked shifts become PosEmployee and PosShift rows.

The sync streams `employees` and `clock_times` call these inside their transaction, with
the cursor they save; a page applied twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.utils import timezone

from kassalink.connections.models import Connection
from kassalink.mplus.types import (
    AuthorizationGroup,
    Branch,
    CostCenter,
    Employee,
    EmployeeAuthorizationGroup,
    Shift,
    TurnoverGroup,
)
from kassalink.sync.importing import (
    PosDataError,
    aware,
    day,
    page_savepoint,
    plan_rows,
    text,
    update_rows,
    whole,
)
from kassalink.sync.results import ImportResult

from .imports_cost_centers import import_cost_centers
from .imports_timesheets import import_timesheets
from .models import PosEmployee, PosShift

EMPLOYEE_FIELDS = [
    "name",
    "email",
    "active",
    "authorization_groups",
    "has_authorization_group",
    "sync_marker",
]
SHIFT_FIELDS = [
    "branch_number",
    "employee_number",
    "financial_date",
    "start",
    "end",
    "ended",
    "manually_modified",
    "reference",
]

GroupList = Sequence[EmployeeAuthorizationGroup | AuthorizationGroup]


def import_employees(
    connection: Connection,
    employees: Iterable[Employee],
    groups_by_employee: Mapping[int, GroupList],
    branches: Sequence[Branch] | None = None,
    cost_centers: Sequence[CostCenter] | None = None,
    turnover_groups: Sequence[TurnoverGroup] | None = None,
) -> ImportResult:
    """Mirror a page of getEmployees; `groups_by_employee` holds getEmployeeAuthorizationGroups
    per employee number (a number missing from it has no group). With `branches`,
    `cost_centers` and `turnover_groups` (getBranches, getCostCenters, getTurnoverGroups)
    the cost centers and each branch's cost center are mirrored too, for the Kloktijden
    tab and the clock_times import; they are not counted as employees."""
    notes: tuple[str, ...] = ()
    if branches is not None and cost_centers is not None and turnover_groups is not None:
        changed = import_cost_centers(connection, branches, cost_centers, turnover_groups)
        notes = (f"{changed} cost centers or branch cost centers changed",) if changed else ()
    rows: dict[int, PosEmployee] = {}
    skipped = 0
    for employee in _latest_employees(employees):
        row = _employee_row(connection, employee, groups_by_employee.get(employee.number, ()))
        skipped += row.number in rows
        rows[row.number] = row
    with page_savepoint():
        stored = PosEmployee.objects.filter(connection=connection, number__in=list(rows))
        plan = plan_rows({e.number: e for e in stored}, rows, EMPLOYEE_FIELDS)
        now = timezone.now()
        for row in plan.create + plan.update:
            row.changed_at = now
        PosEmployee.objects.bulk_create(plan.create)
        update_rows(PosEmployee, plan.update, [*EMPLOYEE_FIELDS, "changed_at"])
    without_group = sum(not row.has_authorization_group for row in rows.values())
    if without_group:
        notes += (f"{without_group} employees have no authorization group",)
    return ImportResult(
        created=len(plan.create),
        updated=len(plan.update),
        skipped=plan.unchanged + skipped,
        notes=notes,
    )


def import_shifts(connection: Connection, shifts: Iterable[Shift]) -> ImportResult:
    """Mirror getShifts, then turn the shifts into timesheet entries (imports_timesheets).

    A shift seen again is updated only when the POS changed it. The counts are the
    timesheet entries': a shift of an unmapped or skipped employee or cost center, or one
    whose entry is already up to date, counts as skipped.
    """
    rows: dict[tuple[int, int], PosShift] = {}
    repeats = 0
    for shift in shifts:
        row = _shift_row(connection, shift)
        key = (row.shift_year, row.shift_number)
        if key in rows:
            # Shifts carry no sync marker: a repeat is harmless only when it is identical.
            if any(getattr(rows[key], f) != getattr(row, f) for f in SHIFT_FIELDS):
                raise PosDataError(f"shift {key[0]}-{key[1]}: twice in one page, differently")
            repeats += 1
        rows[key] = row
    with page_savepoint():
        numbers = {number for _, number in rows}
        stored = PosShift.objects.filter(connection=connection, shift_number__in=numbers)
        plan = plan_rows({(s.shift_year, s.shift_number): s for s in stored}, rows, SHIFT_FIELDS)
        now = timezone.now()
        for row in plan.create + plan.update:
            row.changed_at = now
        PosShift.objects.bulk_create(plan.create)
        update_rows(PosShift, plan.update, [*SHIFT_FIELDS, "changed_at"])
        # Every shift of the page, changed or not: a mapping saved since the last run
        # imports shifts the mirror already had.
        current = {(s.shift_year, s.shift_number): s for s in stored}
        current.update({(s.shift_year, s.shift_number): s for s in plan.create})
        result = import_timesheets(connection, [current[key] for key in rows])
    mirrored = len(plan.create) + len(plan.update)
    notes = (f"{mirrored} clock times new or changed in MplusKASSA",) if mirrored else ()
    return result + ImportResult(skipped=repeats, notes=notes)


def _latest_employees(employees: Iterable[Employee]) -> list[Employee]:
    # A page can repeat an employee changed during paging; order by marker so the
    # newest version wins below (a missing marker counts as oldest).
    return sorted(employees, key=lambda e: e.sync_marker if e.sync_marker is not None else -1)


def _group_names(number: int, groups: GroupList) -> list[str]:
    names = set()
    for item in groups:
        group = item.group if isinstance(item, EmployeeAuthorizationGroup) else item
        if not isinstance(group, AuthorizationGroup):
            raise PosDataError(f"employee {number}: authorization group {item!r} is not one")
        names.add(text(group.name, f"employee {number}: authorization group", max_length=200))
    return sorted(names)


def _employee_row(connection: Connection, employee: Employee, groups: GroupList) -> PosEmployee:
    number = whole(employee.number, "employee number", minimum=0)
    what = f"employee {number}"
    names = _group_names(number, groups)
    marker = employee.sync_marker
    return PosEmployee(
        organization_id=connection.organization_id,
        connection=connection,
        number=number,
        name=text(employee.name, f"{what}: name", max_length=200),
        email=text(employee.email, f"{what}: e-mail", max_length=254).strip(),
        # The WSDL leaves `active` optional; an employee the POS lists is active unless it says not.
        active=employee.active is not False,
        authorization_groups=names,
        has_authorization_group=bool(names),
        sync_marker=None if marker is None else whole(marker, f"{what}: sync marker"),
    )


def _shift_row(connection: Connection, shift: Shift) -> PosShift:
    try:
        year, number = shift.shift_number
    except (TypeError, ValueError):
        raise PosDataError(f"shift {shift.shift_number!r}: not a (year, number) pair") from None
    what = f"shift {year}-{number}"
    year = whole(year, f"{what}: year", minimum=1, bits=32)
    number = whole(number, f"{what}: number", minimum=0)
    start = aware(shift.start, f"{what}: start")
    # Open shifts: the POS may send no end or a placeholder; only an ended shift has one.
    if shift.ended and shift.end is None:
        raise PosDataError(f"{what}: ended but has no end time")
    end = aware(shift.end, f"{what}: end") if shift.ended else None
    if end is not None and end < start:
        raise PosDataError(f"{what}: ends ({end.isoformat()}) before it starts")
    return PosShift(
        organization_id=connection.organization_id,
        connection=connection,
        shift_year=year,
        shift_number=number,
        branch_number=whole(shift.branch_number, f"{what}: branch", bits=32),
        employee_number=whole(shift.employee_number, f"{what}: employee"),
        financial_date=day(shift.financial_date, f"{what}: financial date"),
        start=start,
        end=end,
        ended=bool(shift.ended),
        manually_modified=bool(shift.manually_modified),
        reference=text(shift.reference, f"{what}: reference", max_length=200),
    )
