"""The forms of the mapping tabs Medewerkers and Kloktijden: one field per POS row.

They offer only the connection's organization's own employees and departments, so a
posted id of another shop is an invalid choice and nothing is saved.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kassalink.connections.models import Connection

from .models import CostCenterRule, Department, Employee, PosCostCenter, PosEmployee

NOT_IMPORTED = _("Niet importeren")


def employee_field_name(number: int) -> str:
    return f"employee_{number}"


def cost_center_field_name(number: str) -> str:
    return f"cost_center_{number}"


class EmployeeMappingForm(forms.Form):
    """Medewerkers: per MplusKASSA employee, one of our active employees or Niet importeren."""

    def __init__(
        self, *args: object, connection: Connection, pos_employees: list[PosEmployee], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.pos_employees = pos_employees
        ours = Employee.objects.filter(organization=connection.organization, active=True)
        for pos in pos_employees:
            self.fields[employee_field_name(pos.number)] = forms.ModelChoiceField(
                queryset=ours,
                required=False,
                empty_label=NOT_IMPORTED,
                label=f"{pos.name} ({pos.number})",
            )

    def choices(self) -> dict[int, Employee | None]:
        return {
            pos.number: self.cleaned_data[employee_field_name(pos.number)]
            for pos in self.pos_employees
        }


class CostCenterRuleForm(forms.Form):
    """Kloktijden: per cost center, Niet importeren, Automatisch or one of our departments."""

    def __init__(
        self, *args: object, connection: Connection, cost_centers: list[PosCostCenter], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cost_centers = cost_centers
        self.departments = {
            str(d.pk): d for d in Department.objects.filter(organization=connection.organization)
        }
        choices = [
            (CostCenterRule.Mode.SKIP.value, CostCenterRule.Mode.SKIP.label),
            (CostCenterRule.Mode.AUTO.value, CostCenterRule.Mode.AUTO.label),
            (
                _("Afdeling"),
                [(f"department:{pk}", d.name) for pk, d in self.departments.items()],
            ),
        ]
        for center in cost_centers:
            self.fields[cost_center_field_name(center.number)] = forms.ChoiceField(
                choices=choices,
                initial=CostCenterRule.Mode.AUTO.value,
                label=f"{center.number} {center.description}",
            )

    def rules(self) -> dict[str, tuple[str, Department | None]]:
        found: dict[str, tuple[str, Department | None]] = {}
        for center in self.cost_centers:
            value = self.cleaned_data[cost_center_field_name(center.number)]
            if value.startswith("department:"):
                department = self.departments[value.removeprefix("department:")]
                found[center.number] = (CostCenterRule.Mode.DEPARTMENT.value, department)
            else:
                found[center.number] = (value, None)
        return found


def rule_value(rule: CostCenterRule | None) -> str:
    """A stored rule as the form's choice value (no rule = Automatisch)."""
    if rule is None:
        return CostCenterRule.Mode.AUTO.value
    if rule.mode == CostCenterRule.Mode.DEPARTMENT:
        return f"department:{rule.department_id}"
    return rule.mode


class CreateEmployeesForm(forms.Form):
    """Create our employees from the MplusKASSA employees nobody matches, in one step."""

    department = forms.ModelChoiceField(
        queryset=Department.objects.none(), label=_("afdeling"), empty_label=None
    )

    def __init__(
        self, *args: object, connection: Connection, creatable: list[PosEmployee], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.creatable = {str(pos.number): pos for pos in creatable}
        self.fields["department"].queryset = Department.objects.filter(
            organization=connection.organization
        )
        self.fields["numbers"] = forms.MultipleChoiceField(
            label=_("medewerkers"),
            choices=[(number, pos.name) for number, pos in self.creatable.items()],
            initial=list(self.creatable),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Kies wie je wilt aanmaken.")},
        )

    def chosen(self) -> list[PosEmployee]:
        return [self.creatable[number] for number in self.cleaned_data["numbers"]]
