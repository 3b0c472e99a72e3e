"""The roster (Rooster): a week per department, days as columns and employees as rows.

A manager adds a shift from a cell, moves it by editing its day and times, deletes it,
and copies last week's shifts. Times are shown in Europe/Amsterdam.
"""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kassalink.accounts.models import Organization
from kassalink.accounts.tenancy import access_organization
from kassalink.web.ids import parse_id

from .access import access_roster_shift, owned
from .actions import do_copy_previous_week, roster_week
from .form_page import form_page, safe_next, warn_unusable_filters
from .forms import RosterShiftForm
from .hours import SHOP_TZ, iso_week_label, parse_iso_week, week_days, worked_minutes
from .models import Department, Employee, RosterShift, TimesheetEntry
from .planned_vs_worked import planned_of
from .variance import DayCost


@dataclass
class RosterCell:
    day: dt.date
    shifts: list[RosterShift] = field(default_factory=list)


@dataclass
class RosterRow:
    employee: Employee
    cells: list[RosterCell]


ALL_DEPARTMENTS = "alle"


def chosen_department(organization: Organization, value: str | None) -> Department | None:
    """The department in ?afdeling=, else the first one; None for ?afdeling=alle (every
    department); another shop's id is a 404."""
    if value == ALL_DEPARTMENTS:
        return None
    if (department_id := parse_id(value)) is not None:
        return owned(Department, organization, department_id)
    return Department.objects.filter(organization=organization).first()


def week_url(monday: dt.date, department: Department | None) -> str:
    query = {"week": iso_week_label(monday), "afdeling": ALL_DEPARTMENTS}
    if department is not None:
        query["afdeling"] = department.pk
    return f"{reverse('workforce_roster')}?{urlencode(query)}"


def day_costs(
    organization: Organization,
    department: Department | None,
    days: list[dt.date],
    shifts: list[RosterShift],
) -> list[DayCost]:
    """Per day of the week: planned hours (by the shift's local start day) and worked
    hours (by the entry's financial date), each with its wage cost."""
    totals = {day: DayCost() for day in days}
    for shift in shifts:
        day = shift.start.astimezone(SHOP_TZ).date()
        minutes = planned_of(shift).minutes
        totals[day] = totals[day].plus(minutes, 0, shift.employee.hourly_wage_cents)
    entries = TimesheetEntry.objects.filter(
        organization=organization, financial_date__range=(days[0], days[-1])
    ).select_related("employee")
    if department is not None:
        entries = entries.filter(department=department)
    for entry in entries:
        minutes = worked_minutes(entry.start, entry.end, entry.break_minutes)
        day = entry.financial_date
        totals[day] = totals[day].plus(0, minutes, entry.employee.hourly_wage_cents)
    return [totals[day] for day in days]


def roster_rows(
    organization: Organization,
    department: Department | None,
    days: list[dt.date],
    shifts: list[RosterShift],
) -> list[RosterRow]:
    """One row per active employee of the department, plus anyone planned in it this week;
    a shift sits in the column of the local day it starts on."""
    employees = Employee.objects.filter(organization=organization, active=True)
    if department is not None:
        employees = employees.filter(default_department=department)

    def new_row(employee: Employee) -> RosterRow:
        return RosterRow(employee, [RosterCell(day) for day in days])

    rows = {e.pk: new_row(e) for e in employees}
    for shift in shifts:
        row = rows.setdefault(shift.employee_id, new_row(shift.employee))
        row.cells[shift.start.astimezone(SHOP_TZ).weekday()].shifts.append(shift)
    return sorted(rows.values(), key=lambda r: r.employee.name.lower())


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    organization = access_organization(request)
    warn_unusable_filters(request)
    today = timezone.localdate(timezone=SHOP_TZ)
    monday = parse_iso_week(request.GET.get("week"), today)
    department = chosen_department(organization, request.GET.get("afdeling"))
    shifts = roster_week(organization, monday, department)
    days = week_days(monday)
    context = {
        "monday": monday,
        "week": iso_week_label(monday),
        "days": days,
        "today": today,
        "department": department,
        "departments": Department.objects.filter(organization=organization),
        "rows": roster_rows(organization, department, days, shifts),
        "day_costs": day_costs(organization, department, days, shifts),
        "all_departments": ALL_DEPARTMENTS,
        "department_value": department.pk if department else ALL_DEPARTMENTS,
        "has_departments": Department.objects.filter(organization=organization).exists(),
        "shift_count": len(shifts),
        "previous_url": week_url(monday - dt.timedelta(days=7), department),
        "next_url": week_url(monday + dt.timedelta(days=7), department),
        "this_url": week_url(monday, department),
    }
    return render(request, "workforce/roster_week.html", context)


@login_required
def shift_new(request: HttpRequest) -> HttpResponse:
    initial = {key: request.GET.get(param) for key, param in SHIFT_PREFILL.items()}
    initial = {key: value for key, value in initial.items() if value}
    initial.setdefault("start_time", "09:00")
    initial.setdefault("end_time", "17:00")
    return form_page(
        request,
        RosterShiftForm,
        instance=None,
        title=_("Dienst toevoegen"),
        back_url=safe_next(request, reverse("workforce_roster")),
        saved=lambda s: _("Dienst voor %(name)s toegevoegd.") % {"name": s.employee.name},
        initial=initial,
    )


SHIFT_PREFILL = {"employee": "medewerker", "department": "afdeling", "day": "dag"}


@login_required
def shift_edit(request: HttpRequest, pk: int) -> HttpResponse:
    shift = access_roster_shift(request, pk)
    monday = shift.start.astimezone(SHOP_TZ).date()
    monday -= dt.timedelta(days=monday.weekday())
    return form_page(
        request,
        RosterShiftForm,
        instance=shift,
        title=_("Dienst van %(name)s") % {"name": shift.employee.name},
        back_url=safe_next(request, week_url(monday, shift.department)),
        saved=lambda s: _("Dienst van %(name)s opgeslagen.") % {"name": s.employee.name},
        extra={"delete_url": reverse("workforce_shift_delete", args=[shift.pk])},
    )


@login_required
@require_POST
def shift_delete(request: HttpRequest, pk: int) -> HttpResponse:
    shift = access_roster_shift(request, pk)
    monday = shift.start.astimezone(SHOP_TZ).date()
    back = week_url(monday - dt.timedelta(days=monday.weekday()), shift.department)
    shift.delete()
    messages.success(request, _("Dienst van %(name)s verwijderd.") % {"name": shift.employee.name})
    return redirect(safe_next(request, back))


@login_required
@require_POST
def copy_previous_week(request: HttpRequest) -> HttpResponse:
    organization = access_organization(request)
    today = timezone.localdate(timezone=SHOP_TZ)
    monday = parse_iso_week(request.POST.get("week"), today)
    department = chosen_department(organization, request.POST.get("afdeling"))
    result = do_copy_previous_week(organization, monday, department)
    text = ngettext(
        "%(count)d dienst van vorige week gekopieerd.",
        "%(count)d diensten van vorige week gekopieerd.",
        result.copied,
    ) % {"count": result.copied}
    if result.already_there:
        text += " " + ngettext(
            "%(count)d stond er al en is niet opnieuw toegevoegd.",
            "%(count)d stonden er al en zijn niet opnieuw toegevoegd.",
            result.already_there,
        ) % {"count": result.already_there}
    if result.overlapping:
        text += " " + ngettext(
            "%(count)d dienst is overgeslagen omdat de medewerker dan al een andere dienst heeft.",
            "%(count)d diensten zijn overgeslagen omdat de medewerker dan al een andere dienst "
            "heeft.",
            result.overlapping,
        ) % {"count": result.overlapping}
    if result.inactive:
        text += " " + ngettext(
            "%(count)d dienst van een niet-actieve medewerker is overgeslagen.",
            "%(count)d diensten van niet-actieve medewerkers zijn overgeslagen.",
            result.inactive,
        ) % {"count": result.inactive}
    messages.success(request, text)
    return redirect(week_url(monday, department))
