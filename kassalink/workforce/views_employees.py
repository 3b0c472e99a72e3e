"""Pages for the shop's people and structure: Medewerkers, Afdelingen and teams.

Every view starts from the merchant's organization (`access_organization` or an
`access_*` helper), so another shop's row is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kassalink.accounts.tenancy import access_organization
from kassalink.web.ids import parse_id

from .access import access_department, access_employee, access_team
from .actions import do_set_employee_active
from .form_page import form_page
from .forms import DepartmentForm, EmployeeForm, TeamForm
from .models import Department, Employee, Team

ACTIVE_FILTERS = {
    "actief": ("actief", gettext_lazy("Actief")),
    "inactief": ("inactief", gettext_lazy("Niet actief")),
    "alle": ("alle", gettext_lazy("Alle")),
}


@login_required
def employee_list(request: HttpRequest) -> HttpResponse:
    organization = access_organization(request)
    shown = request.GET.get("status", "actief")
    if shown not in ACTIVE_FILTERS:
        shown = "actief"
    employees = Employee.objects.filter(organization=organization)
    if shown != "alle":
        employees = employees.filter(active=shown == "actief")
    employees = employees.select_related("default_department").prefetch_related("teams")
    context = {"employees": employees, "shown": shown, "filters": ACTIVE_FILTERS.values()}
    return render(request, "workforce/employee_list.html", context)


@login_required
def employee_new(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        EmployeeForm,
        instance=None,
        title=_("Nieuwe medewerker"),
        back_url=reverse("workforce_employees"),
        saved=lambda e: _("Medewerker %(name)s toegevoegd.") % {"name": e.name},
    )


@login_required
def employee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employee = access_employee(request, pk)
    return form_page(
        request,
        EmployeeForm,
        instance=employee,
        title=_("Medewerker %(name)s") % {"name": employee.name},
        back_url=reverse("workforce_employees"),
        saved=lambda e: _("Medewerker %(name)s opgeslagen.") % {"name": e.name},
        extra={"employee": employee},
    )


@login_required
@require_POST
def employee_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    employee = access_employee(request, pk)
    active = request.POST.get("active") == "1"
    do_set_employee_active(employee, active)
    if active:
        messages.success(request, _("%(name)s is weer actief.") % {"name": employee.name})
    else:
        messages.success(
            request,
            _("%(name)s is gedeactiveerd; gewerkte uren blijven bewaard.")
            % {"name": employee.name},
        )
    return redirect("workforce_employees")


@login_required
def department_list(request: HttpRequest) -> HttpResponse:
    organization = access_organization(request)
    departments = Department.objects.filter(organization=organization).prefetch_related(
        Prefetch("teams", queryset=Team.objects.order_by("name"))
    )
    return render(request, "workforce/department_list.html", {"departments": departments})


@login_required
def department_new(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        DepartmentForm,
        instance=None,
        title=_("Nieuwe afdeling"),
        back_url=reverse("workforce_departments"),
        saved=lambda d: _("Afdeling %(name)s toegevoegd.") % {"name": d.name},
    )


@login_required
def department_edit(request: HttpRequest, pk: int) -> HttpResponse:
    department = access_department(request, pk)
    return form_page(
        request,
        DepartmentForm,
        instance=department,
        title=_("Afdeling %(name)s") % {"name": department.name},
        back_url=reverse("workforce_departments"),
        saved=lambda d: _("Afdeling %(name)s opgeslagen.") % {"name": d.name},
    )


@login_required
def team_new(request: HttpRequest) -> HttpResponse:
    department = request.GET.get("afdeling")
    return form_page(
        request,
        TeamForm,
        instance=None,
        title=_("Nieuw team"),
        back_url=reverse("workforce_departments"),
        saved=lambda t: _("Team %(name)s toegevoegd.") % {"name": t.name},
        initial={"department": parse_id(department)} if parse_id(department) else None,
    )


@login_required
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = access_team(request, pk)
    return form_page(
        request,
        TeamForm,
        instance=team,
        title=_("Team %(name)s") % {"name": team.name},
        back_url=reverse("workforce_departments"),
        saved=lambda t: _("Team %(name)s opgeslagen.") % {"name": t.name},
    )
