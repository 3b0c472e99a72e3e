"""JSON API of Insights: turnover per quarter/hour/day and hours against labour cost.

    /api/v1/insights/turnover/?from=DATE&through=DATE&interval=quarter|hour|day[&branch=N][&team=ID]
    /api/v1/insights/labour/   (the same filters)
    /api/v1/insights/omzet/<connection id>/   the Omzet settings (GET, PATCH)

Scope: a token acts for its own organization, a signed-in merchant for the one they work
in. A team or department of another shop is a 400 naming the field, like any bad value.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kassalink.accounts.tenancy import organization_of
from kassalink.connections.models import Connection
from kassalink.web.ids import is_whole
from kassalink.workforce.models import Department, Team

from .actions import do_save_turnover_settings, settings_of
from .queries import INTERVALS, Filters, labour_rows, labour_summary, turnover_rows, vat_included

FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
# The longest span per interval: keeps an answer to a few tens of thousands of rows.
MAX_DAYS = {"quarter": 31, "hour": 92, "day": 800}


def _date(request: Request, name: str) -> dt.date:
    value = request.query_params.get(name)
    if not value:
        raise ValidationError({name: ["This parameter is required (YYYY-MM-DD)."]})
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: ["Use a date such as 2026-03-10."]}) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        # Far-off dates cannot even be turned into local midnights (year 1, year 9999).
        raise ValidationError({name: [f"Use a date from {FIRST_DAY} to {LAST_DAY}."]})
    return day


def _whole(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not is_whole(value) or len(value) > 9:
        raise ValidationError({name: ["A whole number is expected."]})
    return int(value)


def filters_from(request: Request) -> Filters:
    """The query parameters as Filters; any bad one is a 400 naming it."""
    organization = organization_of(request)
    first, through = _date(request, "from"), _date(request, "through")
    interval = request.query_params.get("interval", "day")
    if interval not in INTERVALS:
        raise ValidationError({"interval": [f"One of {', '.join(INTERVALS)}."]})
    if through < first:
        raise ValidationError({"through": ["Must not be before from."]})
    if (through - first).days >= MAX_DAYS[interval]:
        raise ValidationError(
            {"through": [f"At most {MAX_DAYS[interval]} days per request with {interval}."]}
        )
    team = _whole(request, "team")
    if team is not None and not Team.objects.filter(pk=team, organization=organization).exists():
        raise ValidationError({"team": ["No such team in this organization."]})
    department = _whole(request, "department")
    if (
        department is not None
        and not Department.objects.filter(pk=department, organization=organization).exists()
    ):
        raise ValidationError({"department": ["No such department in this organization."]})
    return Filters(
        organization, first, through, interval, _whole(request, "branch"), team, department
    )


FILTERS = [
    OpenApiParameter("from", dt.date, required=True, description="First financial date."),
    OpenApiParameter("through", dt.date, required=True, description="Last financial date."),
    OpenApiParameter("interval", str, enum=list(INTERVALS), description="Default day."),
    OpenApiParameter("branch", int, description="MplusKASSA branch number (turnover)."),
    OpenApiParameter("team", int, description="Team id."),
    OpenApiParameter("department", int, description="Department id."),
]


class TurnoverRowSerializer(serializers.Serializer):
    start = serializers.DateTimeField(help_text="Start of the quarter, hour or local day.")
    branch = serializers.IntegerField()
    turnover_incl_vat_cents = serializers.IntegerField()
    turnover_excl_vat_cents = serializers.IntegerField()
    receipt_count = serializers.IntegerField(help_text="Sales receipts.")
    credit_count = serializers.IntegerField(help_text="Credit receipts (negative turnover).")


class TurnoverSerializer(serializers.Serializer):
    interval = serializers.CharField()
    includes_vat = serializers.BooleanField(help_text="The shop's Omzet setting (charts).")
    rows = TurnoverRowSerializer(many=True)


class LabourRowSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    planned_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    worked_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    planned_labour_cost_cents = serializers.IntegerField()
    labour_cost_cents = serializers.IntegerField(help_text="Worked hours × hourly wage.")
    turnover_incl_vat_cents = serializers.IntegerField()
    turnover_excl_vat_cents = serializers.IntegerField()
    labour_percent = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text="Labour cost / turnover."
    )
    sales_per_labour_hour_cents = serializers.IntegerField(allow_null=True)
    people_planned = serializers.IntegerField()
    people_worked = serializers.IntegerField()


class LabourSerializer(serializers.Serializer):
    interval = serializers.CharField()
    includes_vat = serializers.BooleanField(
        help_text="Whether labour % and sales per labour hour use turnover incl. btw."
    )
    totals = LabourRowSerializer()
    rows = LabourRowSerializer(many=True)


class InsightsTurnover(APIView):
    """Turnover per quarter hour, hour or day and branch, from the imported receipts."""

    @extend_schema(parameters=FILTERS, responses=TurnoverSerializer)
    def get(self, request: Request) -> Response:
        filters = filters_from(request)
        body = {
            "interval": filters.interval,
            "includes_vat": vat_included(filters.organization),
            "rows": turnover_rows(filters),
        }
        return Response(TurnoverSerializer(body).data)


class InsightsLabour(APIView):
    """Planned and worked hours, labour cost, labour % and sales per labour hour."""

    @extend_schema(parameters=FILTERS, responses=LabourSerializer)
    def get(self, request: Request) -> Response:
        filters = filters_from(request)
        include_vat = vat_included(filters.organization)
        rows = labour_rows(filters)
        body = {
            "interval": filters.interval,
            "includes_vat": include_vat,
            "totals": {"start": filters_start(rows), **labour_summary(rows, include_vat)},
            "rows": [{"start": r.start, **labour_summary([r], include_vat)} for r in rows],
        }
        return Response(LabourSerializer(body).data)


def filters_start(rows: list) -> dt.datetime | None:
    return rows[0].start if rows else None


class OmzetSerializer(serializers.Serializer):
    """The Omzet tab of one connection."""

    enabled = serializers.BooleanField(help_text="Omzet importeren: turnover from receipts.")
    includes_vat = serializers.BooleanField(help_text="Charts and labour % incl. btw.")
    team = serializers.IntegerField(allow_null=True, help_text="Team id the turnover goes to.")
    branch_teams = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Per branch number (as text) its own team id, for links with several.",
    )


class InsightsOmzet(APIView):
    """The Omzet settings of one connection (GET, PATCH)."""

    def _connection(self, request: Request, connection_id: int) -> Connection:
        found = Connection.objects.filter(
            pk=connection_id, organization=organization_of(request)
        ).first()
        if found is None:
            raise Http404("no such connection")
        return found

    def _body(self, connection) -> dict:
        settings = settings_of(connection)
        return {
            "enabled": settings.enabled,
            "includes_vat": settings.includes_vat,
            "team": settings.team_id,
            "branch_teams": {str(b.branch_number): b.team_id for b in settings.branch_teams.all()},
        }

    @extend_schema(responses=OmzetSerializer)
    def get(self, request: Request, connection_id: int) -> Response:
        return Response(self._body(self._connection(request, connection_id)))

    @extend_schema(request=OmzetSerializer, responses=OmzetSerializer)
    def patch(self, request: Request, connection_id: int) -> Response:
        connection = self._connection(request, connection_id)
        current = self._body(connection)
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["Expected a JSON object."]})
        unknown = set(request.data) - set(current)
        if unknown:
            raise ValidationError({name: ["No such field."] for name in sorted(unknown)})
        serializer = OmzetSerializer(data={**current, **request.data})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        teams = Team.objects.filter(organization=connection.organization).in_bulk()
        if data["team"] is not None and data["team"] not in teams:
            raise ValidationError({"team": ["No such team in this organization."]})
        if data["enabled"] and data["team"] is None:
            raise ValidationError({"team": ["Choose the team the turnover goes to."]})
        branch_teams = {}
        for branch, team in data["branch_teams"].items():
            # Branch numbers are the till's 32-bit ints.
            if not is_whole(branch) or len(branch) > 9 or team not in teams:
                raise ValidationError({"branch_teams": [f"Branch {branch!r}: no such team."]})
            branch_teams[int(branch)] = teams[team]
        do_save_turnover_settings(
            connection,
            enabled=data["enabled"],
            includes_vat=data["includes_vat"],
            team=teams.get(data["team"]),
            branch_teams=branch_teams,
        )
        return Response(self._body(connection))
