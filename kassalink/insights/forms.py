"""Forms of Insights: the Omzet tab (settings per connection, a team per branch), a first
team when the shop has none, and a team's targets."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import Organization
from kassalink.workforce.models import Department, Team

from .models import TeamTarget

VAT_CHOICES = [(True, _("inclusief btw")), (False, _("exclusief btw"))]


def branch_field_name(number: int) -> str:
    return f"branch_{number}"


class TurnoverSettingsForm(forms.Form):
    """Omzet: on/off, incl./excl. btw, the team; per branch optionally its own team."""

    enabled = forms.BooleanField(label=_("Omzet importeren"), required=False)
    includes_vat = forms.TypedChoiceField(
        label=_("Omzet importeren als"),
        choices=VAT_CHOICES,
        coerce=lambda value: value in (True, "True", "true", "1"),
        widget=forms.RadioSelect,
        initial=True,
        required=False,
        empty_value=True,  # left out: incl. btw, as the POS books its amounts
    )
    team = forms.ModelChoiceField(
        label=_("team voor omzet"), queryset=Team.objects.none(), required=False
    )

    def __init__(
        self,
        *args: object,
        organization: Organization,
        branches: Iterable[tuple[int, str]] = (),
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(organization=organization).select_related("department")
        self.fields["team"].queryset = teams
        self.branch_numbers = []
        for number, name in branches:
            self.branch_numbers.append(number)
            self.fields[branch_field_name(number)] = forms.ModelChoiceField(
                label=_("Team voor filiaal %(branch)s") % {"branch": f"{number} {name}".strip()},
                queryset=teams,
                required=False,
                empty_label=_("zelfde als hierboven"),
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("enabled") and not cleaned.get("team"):
            self.add_error("team", _("Kies het team waaronder de omzet komt."))
        return cleaned

    def branch_teams(self) -> dict[int, Team]:
        return {
            number: team
            for number in self.branch_numbers
            if (team := self.cleaned_data.get(branch_field_name(number)))
        }


class FirstTeamForm(forms.Form):
    """The Omzet tab of a shop without teams: make one here instead of a dead end."""

    team_name = forms.CharField(label=_("Naam van het team"), max_length=120, initial="Kassa")
    department_name = forms.CharField(label=_("Afdeling"), max_length=120, initial="Winkel")

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        first = Department.objects.filter(organization=organization).first()
        if first is not None:
            self.fields["department_name"].initial = first.name


class TeamTargetForm(forms.ModelForm):
    class Meta:
        model = TeamTarget
        fields = ["max_labour_percent", "min_sales_per_labour_hour_cents"]

    def clean_max_labour_percent(self):
        value = self.cleaned_data["max_labour_percent"]
        if value is not None and not 0 < value <= 100:
            raise forms.ValidationError(_("Een percentage tussen 0 en 100."))
        return value
