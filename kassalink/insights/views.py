"""The Insights page (/insights/): turnover next to hours and labour cost, per location,
department or team, per day, week or month; its CSV exports and the teams' targets."""

from __future__ import annotations

import csv
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kassalink.accounts.tenancy import access_membership
from kassalink.mplus.units import AMSTERDAM
from kassalink.workforce.models import Department, Team

from .forms import TeamTargetForm
from .models import TeamTarget
from .page import KPI_ROWS, Insights, branches_of, build, choice_from


@login_required
def insights(request: HttpRequest) -> HttpResponse:
    organization = access_membership(request).organization
    data = build(organization, choice_from(request.GET, organization))
    context = {
        "data": data,
        "branches": branches_of(organization),
        "departments": Department.objects.filter(organization=organization),
        "teams": Team.objects.filter(organization=organization).select_related("department"),
        "targets": _target_forms(organization),
        "query": request.GET.urlencode(),
    }
    template = "insights/_data.html" if request.htmx else "insights/insights.html"
    return render(request, template, context)


def _target_forms(organization) -> list[tuple[Team, TeamTargetForm]]:
    targets = {t.team_id: t for t in TeamTarget.objects.filter(organization=organization)}
    teams = Team.objects.filter(organization=organization).select_related("department")
    return [
        (team, TeamTargetForm(instance=targets.get(team.pk), prefix=f"team{team.pk}"))
        for team in teams
    ]


@login_required
@require_POST
def save_target(request: HttpRequest, team_id: int) -> HttpResponse:
    organization = access_membership(request).organization
    team = Team.objects.filter(pk=team_id, organization=organization).first()
    if team is None:
        raise Http404("no such team")
    target = TeamTarget.objects.filter(team=team).first() or TeamTarget(
        team=team, organization=organization
    )
    form = TeamTargetForm(request.POST, instance=target, prefix=f"team{team.pk}")
    if form.is_valid():
        form.save()
        messages.success(request, _("Doelen van %(team)s opgeslagen.") % {"team": team})
    else:
        problems = "; ".join(
            f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()
        )
        messages.error(request, problems)
    return redirect("insights")


# --- CSV ---------------------------------------------------------------------------

TABLES = ("kpis", "intervals", "staffing")


@login_required
def export_csv(request: HttpRequest, table: str) -> HttpResponse:
    """One table of the page as CSV (semicolons and decimal commas: Dutch Excel)."""
    if table not in TABLES:
        raise Http404("no such table")
    organization = access_membership(request).organization
    data = build(organization, choice_from(request.GET, organization))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    first, through = data.choice.span()
    name = f"inzichten-{table}-{first.isoformat()}-{through.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(response, delimiter=";")
    for row in _csv_rows(data, table):
        writer.writerow(row)
    return response


def _number(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


def _euros(cents: int | None) -> str:
    if cents is None:
        return ""
    return _number((Decimal(cents) / 100).quantize(Decimal("0.01")))


def _cell(kind: str, value: object) -> str:
    return _euros(value) if kind == "cents" else _number(value)


INTERVAL_COLUMNS = (
    ("turnover_cents", "Omzet", "cents"),
    ("planned_hours", "Geplande uren", "hours"),
    ("worked_hours", "Gewerkte uren", "hours"),
    ("labour_cost_cents", "Loonkosten", "cents"),
    ("labour_percent", "Loonkosten %", "percent"),
    ("sales_per_labour_hour_cents", "Omzet per gewerkt uur", "cents"),
)


def _csv_rows(data: Insights, table: str) -> list[list[str]]:
    if table == "kpis":
        rows = [[_("Kengetal"), _("Deze periode"), _("Vorige week"), _("Vorig jaar")]]
        for line in data.kpis:
            rows.append(
                [
                    _(dict((k, label) for k, label, _kind in KPI_ROWS)[line.key]),
                    _cell(line.kind, line.now),
                    _cell(line.kind, line.last_week),
                    _cell(line.kind, line.last_year),
                ]
            )
        return rows
    lines = data.intervals if table == "intervals" else data.staffing
    header = [_("Begin"), *(_(label) for _k, label, _kind in INTERVAL_COLUMNS)]
    if table == "staffing":
        header += [_("Ingepland"), _("Ingeklokt"), _("Bezetting")]
    rows = [[*header, _("Doel gemist")]]
    for line in lines:
        row = [line.start.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M")]
        row += [_cell(kind, line.figures[key]) for key, _label, kind in INTERVAL_COLUMNS]
        if table == "staffing":
            row += [
                str(line.figures["people_planned"]),
                str(line.figures["people_worked"]),
                line.staffing,
            ]
        rows.append([*row, _("ja") if line.missed else ""])
    return rows
