"""The mapping page's tabs Medewerkers and Kloktijden (registered with connections.mapping).

Owners and managers may both change the mapping; every choice is validated against the
shop's own employees and departments, and a suggested match is only shown, never saved
until the merchant presses Opslaan.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kassalink.accounts.models import Membership
from kassalink.connections.mapping import register_tab, tab_context
from kassalink.connections.models import Connection

from .mapping_actions import (
    do_save_cost_center_rules,
    do_save_employee_mappings,
    employees_without_group,
    listed_cost_centers,
    mappable_employees,
)
from .mapping_forms import (
    CostCenterRuleForm,
    EmployeeMappingForm,
    cost_center_field_name,
    employee_field_name,
    rule_value,
)
from .models import CostCenterRule, Employee, EmployeeMapping, PosEmployee


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def suggest_employee(pos: PosEmployee, ours: list[Employee]) -> Employee | None:
    """Our employee with the same e-mail address, else the same full name; None if unsure."""
    email = _normal(pos.email)
    if email:
        same_email = [e for e in ours if e.email and _normal(e.email) == email]
        if len(same_email) == 1:
            return same_email[0]
    same_name = [e for e in ours if _normal(e.name) == _normal(pos.name)]
    return same_name[0] if len(same_name) == 1 else None


@register_tab("medewerkers")
def employees_tab(
    request: HttpRequest, connection: Connection, membership: Membership
) -> HttpResponse:
    pos_employees = mappable_employees(connection)
    stored = {
        m.pos_number: m.employee_id for m in EmployeeMapping.objects.filter(connection=connection)
    }
    initial = {employee_field_name(number): pk for number, pk in stored.items()}
    form = EmployeeMappingForm(
        request.POST or None, initial=initial, connection=connection, pos_employees=pos_employees
    )
    if request.method == "POST" and form.is_valid():
        do_save_employee_mappings(connection, form.choices())
        messages.success(request, _("Koppeling van de medewerkers opgeslagen."))
        return redirect("app_center_mapping_tab", connection.pk, "medewerkers")
    ours = list(Employee.objects.filter(organization=connection.organization, active=True))
    rows = []
    for pos in pos_employees:
        suggestion = suggest_employee(pos, ours)
        current = stored.get(pos.number)
        rows.append(
            {
                "pos": pos,
                "field": form[employee_field_name(pos.number)],
                "suggestion": suggestion if suggestion and suggestion.pk != current else None,
            }
        )
    context = {
        **tab_context(connection, "medewerkers"),
        "form": form,
        "rows": rows,
        "without_group": employees_without_group(connection),
    }
    return render(request, "workforce/mapping_employees.html", context)


@register_tab("kloktijden")
def cost_centers_tab(
    request: HttpRequest, connection: Connection, membership: Membership
) -> HttpResponse:
    centers = listed_cost_centers(connection)
    rules = {r.cost_center: r for r in CostCenterRule.objects.filter(connection=connection)}
    initial = {cost_center_field_name(c.number): rule_value(rules.get(c.number)) for c in centers}
    form = CostCenterRuleForm(
        request.POST or None, initial=initial, connection=connection, cost_centers=centers
    )
    if request.method == "POST" and form.is_valid():
        do_save_cost_center_rules(connection, form.rules())
        messages.success(request, _("Instellingen voor de kloktijden opgeslagen."))
        return redirect("app_center_mapping_tab", connection.pk, "kloktijden")
    rows = [{"center": c, "field": form[cost_center_field_name(c.number)]} for c in centers]
    context = {**tab_context(connection, "kloktijden"), "form": form, "rows": rows}
    return render(request, "workforce/mapping_cost_centers.html", context)
