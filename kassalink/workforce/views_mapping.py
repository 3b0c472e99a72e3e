"""The mapping page's tabs Medewerkers and Kloktijden (registered with connections.mapping).

Owners and managers may both change the mapping; every choice is validated against the
shop's own employees and departments, and a suggested match is only shown, never saved
until the merchant presses Opslaan.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kassalink.accounts.models import Membership
from kassalink.connections.mapping import register_tab, tab_context
from kassalink.connections.models import Connection

from .mapping_actions import (
    do_create_employees_from_pos,
    do_save_cost_center_rules,
    do_save_employee_mappings,
    employees_without_group,
    listed_cost_centers,
    mappable_employees,
)
from .mapping_forms import (
    CostCenterRuleForm,
    CreateEmployeesForm,
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


@dataclass
class EmployeesTab:
    """What the Medewerkers tab knows before anything is posted."""

    pos_employees: list[PosEmployee]
    stored: dict[int, int | None]  # MplusKASSA number → our employee id (None: Niet importeren)
    suggestions: dict[int, Employee | None]

    @classmethod
    def of(cls, connection: Connection) -> EmployeesTab:
        pos_employees = mappable_employees(connection)
        mappings = EmployeeMapping.objects.filter(connection=connection)
        ours = list(Employee.objects.filter(organization=connection.organization, active=True))
        return cls(
            pos_employees,
            {m.pos_number: m.employee_id for m in mappings},
            {pos.number: suggest_employee(pos, ours) for pos in pos_employees},
        )

    @property
    def open_suggestions(self) -> dict[int, Employee]:
        """Suggestions for numbers nobody decided on yet (Niet importeren is a decision)."""
        return {
            number: employee
            for number, employee in self.suggestions.items()
            if employee is not None and number not in self.stored
        }

    @property
    def creatable(self) -> list[PosEmployee]:
        """Not mapped and nobody of ours who looks like them: candidates to create."""
        return [
            pos
            for pos in self.pos_employees
            if pos.number not in self.stored and not self.suggestions[pos.number]
        ]


def _saved(request: HttpRequest, connection: Connection, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("app_center_mapping_tab", connection.pk, "medewerkers")


@register_tab("medewerkers")
def employees_tab(
    request: HttpRequest, connection: Connection, membership: Membership
) -> HttpResponse:
    """Map by hand and Opslaan; or take every suggestion at once; or create our employees
    from the MplusKASSA list (name, e-mail, department) for those with no match."""
    tab = EmployeesTab.of(connection)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "accept_suggestions":
        count = do_save_employee_mappings(connection, tab.open_suggestions)
        text = ngettext(
            "%(count)d voorstel overgenomen.", "%(count)d voorstellen overgenomen.", count
        )
        return _saved(request, connection, text % {"count": count})
    create_form = CreateEmployeesForm(
        request.POST if action == "create_employees" else None,
        connection=connection,
        creatable=tab.creatable,
    )
    if action == "create_employees" and create_form.is_valid():
        department = create_form.cleaned_data["department"]
        created = do_create_employees_from_pos(connection, create_form.chosen(), department)
        text = ngettext(
            "%(count)d medewerker aangemaakt en gekoppeld.",
            "%(count)d medewerkers aangemaakt en gekoppeld.",
            len(created),
        )
        return _saved(request, connection, text % {"count": len(created)})
    form = EmployeeMappingForm(
        request.POST if request.method == "POST" and action is None else None,
        initial={employee_field_name(number): pk for number, pk in tab.stored.items()},
        connection=connection,
        pos_employees=tab.pos_employees,
    )
    if request.method == "POST" and action is None and form.is_valid():
        do_save_employee_mappings(connection, form.choices())
        return _saved(request, connection, _("Koppeling van de medewerkers opgeslagen."))
    context = {
        **tab_context(connection, "medewerkers"),
        "form": form,
        "rows": _rows(tab, form),
        "without_group": employees_without_group(connection),
        "open_suggestions": len(tab.open_suggestions),
        "create_form": create_form,
        "creatable": tab.creatable,
    }
    return render(request, "workforce/mapping_employees.html", context)


def _rows(tab: EmployeesTab, form: EmployeeMappingForm) -> list[dict]:
    rows = []
    for pos in tab.pos_employees:
        suggestion = tab.suggestions[pos.number]
        current = tab.stored.get(pos.number)
        rows.append(
            {
                "pos": pos,
                "field": form[employee_field_name(pos.number)],
                "suggestion": suggestion if suggestion and suggestion.pk != current else None,
            }
        )
    return rows


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
