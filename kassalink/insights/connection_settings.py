"""Omzet inside the connection's own forms (the operator's setup and the merchant's gear),
as on the seed's settings screen; registered with connections.settings_sections. The team
per branch stays on the Omzet tab of the mapping page."""

from __future__ import annotations

from django import forms

from kassalink.accounts.models import Organization
from kassalink.connections.models import Connection
from kassalink.connections.settings_sections import register_section

from .actions import do_save_turnover_settings, settings_of
from .forms import TurnoverSettingsForm
from .models import TurnoverSettings


@register_section
class OmzetSection:
    prefix = "omzet"

    def form(
        self, data: object, organization: Organization, connection: Connection | None
    ) -> forms.Form:
        stored = (
            TurnoverSettings.objects.filter(connection=connection).first() if connection else None
        )
        initial = (
            {"enabled": stored.enabled, "includes_vat": stored.includes_vat, "team": stored.team_id}
            if stored
            else {}
        )
        return TurnoverSettingsForm(
            data, initial=initial, organization=organization, prefix=self.prefix
        )

    def save(self, connection: Connection, form: forms.Form) -> None:
        settings = settings_of(connection)
        branch_teams = {b.branch_number: b.team for b in settings.branch_teams.all()}
        do_save_turnover_settings(
            connection,
            enabled=form.cleaned_data["enabled"],
            includes_vat=form.cleaned_data["includes_vat"],
            team=form.cleaned_data["team"],
            branch_teams=branch_teams,
        )
