"""Which timesheet entries a list shows (week, department, employee, state) and the
per-employee-per-day totals built from them; shared by the page, the CSV export and the API.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import Organization
from kassalink.web.ids import parse_id

from .hours import WorkedInterval, day_total, parse_iso_week, wage_cost
from .models import Employee, TimesheetEntry

# ?afwijking= values (the API's ?variance= takes the same) and their labels.
VARIANCE_KINDS = {
    "late": _("te laat"),
    "left_early": _("eerder weg"),
    "no_show": _("niet verschenen"),
    "unplanned": _("ongepland"),
    "overtime": _("overuren"),
}


@dataclass(frozen=True)
class TimesheetFilter:
    monday: dt.date | None  # None (API only): every week
    # A payroll period (first and last day, inclusive) instead of the week.
    period: tuple[dt.date, dt.date] | None = None
    department_id: int | None = None
    employee_id: int | None = None
    state: str | None = None
    needs_review: bool = False  # Controle nodig: clock-out missing or changed after approval
    variance: str | None = None  # planned against worked: late, left_early, no_show, ...


def parse_filter(params: Mapping[str, str], today: dt.date) -> TimesheetFilter:
    """Read ?week=2026-W13&afdeling=ID&medewerker=ID&status=to_approve&controle=1&afwijking=late
    (English names too, for the API). Unknown values are ignored rather than failing the page."""
    state = params.get("status") or params.get("state")
    variance = params.get("afwijking") or params.get("variance")
    review = params.get("controle") or params.get("needs_review") or ""
    return TimesheetFilter(
        monday=parse_iso_week(params.get("week"), today),
        department_id=parse_id(params.get("afdeling") or params.get("department")),
        employee_id=parse_id(params.get("medewerker") or params.get("employee")),
        state=state if state in TimesheetEntry.State.values else None,
        needs_review=review.lower() in {"1", "true", "ja", "yes", "on"},
        variance=variance if variance in VARIANCE_KINDS else None,
    )


def filtered_entries(
    organization: Organization, chosen: TimesheetFilter
) -> QuerySet[TimesheetEntry]:
    """The organization's entries of the chosen week (by the POS's financial date) and filters."""
    entries = TimesheetEntry.objects.filter(organization=organization)
    if chosen.period is not None:
        entries = entries.filter(financial_date__range=chosen.period)
    elif chosen.monday is not None:
        sunday = chosen.monday + dt.timedelta(days=6)
        entries = entries.filter(financial_date__range=(chosen.monday, sunday))
    if chosen.department_id:
        entries = entries.filter(department_id=chosen.department_id)
    if chosen.employee_id:
        entries = entries.filter(employee_id=chosen.employee_id)
    if chosen.state:
        entries = entries.filter(state=chosen.state)
    if chosen.needs_review:
        entries = entries.filter(Q(clock_out_missing=True) | Q(changed_after_approval=True))
    return entries.select_related(
        "employee", "department", "team", "roster_shift", "connection", "approved_by"
    )


@dataclass(frozen=True)
class EmployeeDay:
    """One employee's day: hours worked, the break between clock-ins, and the wage cost."""

    employee: Employee
    day: dt.date
    worked_minutes: int
    break_minutes: int
    open_entries: int
    entries: int
    approved_entries: int = 0

    @property
    def status(self) -> str:
        """For payroll: "open" while someone is clocked in, "approved" when every entry
        is, else "to_approve"."""
        if self.open_entries:
            return TimesheetEntry.State.OPEN
        if self.approved_entries == self.entries:
            return TimesheetEntry.State.APPROVED
        return TimesheetEntry.State.TO_APPROVE

    @property
    def wage_cost(self) -> Decimal:
        return wage_cost(self.worked_minutes, self.employee.hourly_wage_cents)


def employee_days(entries: Iterable[TimesheetEntry]) -> list[EmployeeDay]:
    """Totals per employee per financial date, by employee name and then day."""
    grouped: dict[tuple[int, dt.date], list[TimesheetEntry]] = defaultdict(list)
    for entry in entries:
        grouped[(entry.employee_id, entry.financial_date)].append(entry)
    days = []
    for (_employee, day), group in grouped.items():
        total = day_total(WorkedInterval(e.start, e.end, e.break_minutes) for e in group)
        days.append(
            EmployeeDay(
                employee=group[0].employee,
                day=day,
                worked_minutes=total.worked_minutes,
                break_minutes=total.break_minutes,
                open_entries=total.open_intervals,
                entries=len(group),
                approved_entries=sum(e.state == TimesheetEntry.State.APPROVED for e in group),
            )
        )
    return sorted(days, key=lambda d: (d.employee.name.lower(), d.employee.pk, d.day))
