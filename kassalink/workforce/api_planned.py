"""/api/v1/timesheets/planned-vs-worked/: one week's planned against worked hours per
employee (late, left early, no-shows, unplanned, overtime against contract hours)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .api import DEPARTMENT, EMPLOYEE, id_param, organization_of, week_start
from .planned_vs_worked import compared_entries
from .timesheet_query import TimesheetFilter

WEEK_REQUIRED = OpenApiParameter(
    "week", str, required=True, description="ISO week, e.g. 2026-W13 (local time)."
)


class NoShowSerializer(serializers.Serializer):
    roster_shift = serializers.IntegerField(source="key")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class EmployeeWeekSerializer(serializers.Serializer):
    employee = serializers.IntegerField(source="employee.pk")
    name = serializers.CharField(source="employee.name")
    planned_minutes = serializers.IntegerField(source="figures.planned_minutes")
    worked_minutes = serializers.IntegerField(source="figures.worked_minutes")
    contract_minutes = serializers.IntegerField(source="figures.contract_minutes")
    overtime_minutes = serializers.IntegerField(source="figures.overtime_minutes")
    late = serializers.IntegerField(source="figures.late", help_text="Entries > 5 min late.")
    left_early = serializers.IntegerField(source="figures.left_early")
    unplanned = serializers.IntegerField(source="figures.unplanned")
    no_shows = NoShowSerializer(source="figures.no_shows", many=True)


class PlannedVsWorked(APIView):
    @extend_schema(
        parameters=[WEEK_REQUIRED, DEPARTMENT, EMPLOYEE],
        responses={200: EmployeeWeekSerializer(many=True)},
        summary="Planned against worked per employee for one week",
    )
    def get(self, request: Request) -> Response:
        monday = week_start(request)
        if monday is None:
            raise ValidationError({"week": ["Use an ISO week such as 2026-W13."]})
        chosen = TimesheetFilter(
            monday=monday,
            department_id=id_param(request, "department"),
            employee_id=id_param(request, "employee"),
        )
        _, comparison = compared_entries(organization_of(request), chosen, timezone.now())
        return Response(EmployeeWeekSerializer(comparison.employees, many=True).data)
