"""The mapping page's Omzet tab (registered with connections.mapping): on/off, incl./excl.
btw, the team, and a team per branch when the connection covers several. A shop without
teams is offered to make one right here."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kassalink.accounts.models import Membership
from kassalink.connections.mapping import register_tab, tab_context
from kassalink.connections.models import Connection
from kassalink.workforce.models import PosBranch, Team

from .actions import do_create_first_team, do_save_turnover_settings, settings_of
from .forms import FirstTeamForm, TurnoverSettingsForm, branch_field_name


def _branches(connection: Connection) -> list[tuple[int, str]]:
    """The connection's branches, when it covers more than one (else one team is enough)."""
    rows = PosBranch.objects.filter(connection=connection).order_by("number")
    if connection.branches:
        rows = rows.filter(number__in=connection.branches)
    branches = [(b.number, b.name) for b in rows]
    return branches if len(branches) > 1 else []


@register_tab("omzet")
def turnover_tab(
    request: HttpRequest, connection: Connection, membership: Membership
) -> HttpResponse:
    organization = connection.organization
    if request.method == "POST" and "team_name" in request.POST:
        return _create_first_team(request, connection)
    settings = settings_of(connection)
    initial = {
        "enabled": settings.enabled,
        "includes_vat": settings.includes_vat,
        "team": settings.team_id,
        **{branch_field_name(b.branch_number): b.team_id for b in settings.branch_teams.all()},
    }
    form = TurnoverSettingsForm(
        request.POST or None,
        initial=initial,
        organization=organization,
        branches=_branches(connection),
    )
    if request.method == "POST" and form.is_valid():
        do_save_turnover_settings(
            connection,
            enabled=form.cleaned_data["enabled"],
            includes_vat=form.cleaned_data["includes_vat"],
            team=form.cleaned_data["team"],
            branch_teams=form.branch_teams(),
        )
        messages.success(request, _("Omzetinstellingen opgeslagen."))
        return redirect("app_center_mapping_tab", connection.pk, "omzet")
    has_teams = Team.objects.filter(organization=organization).exists()
    context = {
        **tab_context(connection, "omzet"),
        "form": form,
        "first_team_form": None if has_teams else FirstTeamForm(organization=organization),
    }
    return render(request, "insights/omzet_tab.html", context)


def _create_first_team(request: HttpRequest, connection: Connection) -> HttpResponse:
    form = FirstTeamForm(request.POST, organization=connection.organization)
    if not form.is_valid():
        context = {
            **tab_context(connection, "omzet"),
            "form": TurnoverSettingsForm(organization=connection.organization),
            "first_team_form": form,
        }
        return render(request, "insights/omzet_tab.html", context, status=400)
    team = do_create_first_team(
        connection, form.cleaned_data["team_name"], form.cleaned_data["department_name"]
    )
    messages.success(request, _("Team %(team)s aangemaakt.") % {"team": team})
    return redirect("app_center_mapping_tab", connection.pk, "omzet")
