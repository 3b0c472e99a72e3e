"""JSON API for the workforce: employees, departments, teams and roster shifts (timesheets
are in api_timesheets.py).

Scope: a token acts for its own organization; a signed-in merchant for the organization
they work in. Another shop's row is a 404; another shop's id in a body is a 400 naming
the field, because related fields only accept the organization's own rows.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from kassalink.accounts.tenancy import organization_of
from kassalink.web.ids import parse_id

from .actions import overlap_message, overlapping_shift
from .forms import TEAM_NOT_IN_DEPARTMENT, team_outside_department
from .hours import (
    FIRST_YEAR,
    LAST_YEAR,
    LocalTimeError,
    aware_local,
    break_fits,
    check_year,
    iso_week_monday,
    local_span,
)
from .models import Department, Employee, RosterShift, Team


class OwnRowField(serializers.PrimaryKeyRelatedField):
    """A related id that must be one of the requesting organization's rows."""

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().filter(organization=organization_of(self.context["request"]))


class LocalDateTimeField(serializers.DateTimeField):
    """A date-time in ISO 8601; without an offset it is the shop's local time. A local time
    the clock skips, or a year outside FIRST_YEAR..LAST_YEAR, is a 400 on the field."""

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        try:
            if timezone.is_naive(value):
                return aware_local(value)
            check_year(value.astimezone(dt.UTC))
        except (LocalTimeError, OverflowError) as error:
            message = str(error) if isinstance(error, LocalTimeError) else ""
            raise ValidationError(message or _("Deze datum valt buiten het bereik.")) from None
        # Shown in the shop's zone with its offset, as every other date-time of the API.
        return super().enforce_timezone(value)


def week_start(request: Request) -> dt.date | None:
    """The Monday of ?week=2026-W13, None without one; a malformed week is a 400."""
    value = request.query_params.get("week")
    if not value:
        return None
    monday = iso_week_monday(value)
    if monday is None:
        raise ValidationError(
            {
                "week": [
                    _("Gebruik een ISO-week zoals 2026-W13, tussen %(first)s en %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR}
                ]
            }
        )
    return monday


def id_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    number = parse_id(value)
    if number is None:
        raise ValidationError({name: [_("Verwacht een id: een positief geheel getal.")]})
    return number


WEEK = OpenApiParameter("week", str, description="ISO week, e.g. 2026-W13 (local time).")
DEPARTMENT = OpenApiParameter("department", int, description="Department id.")
EMPLOYEE = OpenApiParameter("employee", int, description="Employee id.")


# --- departments and teams -----------------------------------------------------------


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name"]

    def validate_name(self, name: str) -> str:
        organization = organization_of(self.context["request"])
        taken = Department.objects.filter(organization=organization, name__iexact=name.strip())
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError("A department with this name exists already.")
        return name.strip()


class TeamSerializer(serializers.ModelSerializer):
    department = OwnRowField(queryset=Department.objects.all())

    class Meta:
        model = Team
        fields = ["id", "department", "name"]

    def validate(self, data: dict) -> dict:
        department = data.get("department", getattr(self.instance, "department", None))
        name = data.get("name", getattr(self.instance, "name", "")).strip()
        taken = Team.objects.filter(department=department, name__iexact=name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError({"name": ["This department has a team with this name."]})
        return data


class ScopedList(generics.ListCreateAPIView):
    """List and create rows of the requesting organization."""

    model: type = Department

    def get_queryset(self) -> QuerySet:
        return self.model.objects.filter(organization=organization_of(self.request))

    def perform_create(self, serializer: serializers.ModelSerializer) -> None:
        serializer.save(organization=organization_of(self.request))


class ScopedDetail(generics.RetrieveUpdateAPIView):
    """Read and change one row of the requesting organization (404 for another shop's)."""

    model: type = Department

    def get_queryset(self) -> QuerySet:
        return self.model.objects.filter(organization=organization_of(self.request))


class DepartmentList(ScopedList):
    """Afdelingen."""

    model = Department
    serializer_class = DepartmentSerializer


class DepartmentDetail(ScopedDetail):
    model = Department
    serializer_class = DepartmentSerializer


@extend_schema(parameters=[DEPARTMENT])
class TeamList(ScopedList):
    """Teams, each within a department."""

    model = Team
    serializer_class = TeamSerializer

    def get_queryset(self) -> QuerySet[Team]:
        teams = super().get_queryset()
        if (department := id_param(self.request, "department")) is not None:
            teams = teams.filter(department_id=department)
        return teams


class TeamDetail(ScopedDetail):
    model = Team
    serializer_class = TeamSerializer


# --- employees -----------------------------------------------------------------------


class EmployeeSerializer(serializers.ModelSerializer):
    default_department = OwnRowField(queryset=Department.objects.all())
    teams = OwnRowField(queryset=Team.objects.all(), many=True, required=False)
    name = serializers.CharField(read_only=True)
    contract_hours = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=80, required=False
    )

    class Meta:
        model = Employee
        fields = [
            "id",
            "first_name",
            "last_name",
            "name",
            "email",
            "default_department",
            "teams",
            "contract_hours",
            "hourly_wage_cents",
            "active",
        ]


@extend_schema(
    parameters=[
        OpenApiParameter("active", bool, description="Only active (true) or inactive (false)."),
        DEPARTMENT,
    ]
)
class EmployeeList(ScopedList):
    """Medewerkers; deactivate one with PATCH {"active": false}."""

    model = Employee
    serializer_class = EmployeeSerializer

    def get_queryset(self) -> QuerySet[Employee]:
        employees = super().get_queryset().prefetch_related("teams")
        active = self.request.query_params.get("active")
        if active in ("true", "false", "1", "0"):
            employees = employees.filter(active=active in ("true", "1"))
        if (department := id_param(self.request, "department")) is not None:
            employees = employees.filter(default_department_id=department)
        return employees


class EmployeeDetail(ScopedDetail):
    model = Employee
    serializer_class = EmployeeSerializer


# --- roster shifts -------------------------------------------------------------------


def _current_of(data: dict, instance: object) -> Callable[[str], Any]:
    """A field's value as it will be: from the request, else the stored row's."""
    return lambda name: data.get(name, getattr(instance, name, None))


def check_team_and_times(
    data: dict, instance: object, *, end_required: bool, break_field: str
) -> None:
    """The rules shared by shifts and entries: team in its department, end after start,
    a break shorter than the time between them."""
    current = _current_of(data, instance)
    errors = {}
    if team_outside_department(current("team"), current("department")):
        errors["team"] = [str(TEAM_NOT_IN_DEPARTMENT)]
    start, end = current("start"), current("end")
    pause = current(break_field) or 0  # left out: the model's default, none
    if end is None and end_required:
        errors["end"] = ["This field is required."]
    elif start is not None and end is not None and end <= start:
        errors["end"] = ["The end must be after the start."]
    elif start is not None and end is not None and not break_fits(start, end, pause):
        errors[break_field] = ["The break must be shorter than the time from start to end."]
    if errors:
        raise ValidationError(errors)


def refuse_overlap(
    data: dict,
    instance: object,
    overlapping: Callable[..., object | None],
    message: Callable[[Any], str],
) -> None:
    """A 400 on `start` when the employee already has a shift or entry (what `overlapping`
    finds) over the new times; `message` says which."""
    current = _current_of(data, instance)
    employee = current("employee")
    other = overlapping(
        employee.organization_id,
        employee.pk,
        current("start"),
        current("end"),
        getattr(instance, "pk", None),
    )
    if other is not None:
        raise ValidationError({"start": [message(other)]})


class RosterShiftSerializer(serializers.ModelSerializer):
    employee = OwnRowField(queryset=Employee.objects.all())
    department = OwnRowField(queryset=Department.objects.all())
    team = OwnRowField(queryset=Team.objects.all(), allow_null=True, required=False)
    start = LocalDateTimeField()
    end = LocalDateTimeField()

    class Meta:
        model = RosterShift
        fields = [
            "id",
            "employee",
            "department",
            "team",
            "start",
            "end",
            "planned_break_minutes",
            "note",
        ]

    def validate(self, data: dict) -> dict:
        check_team_and_times(
            data, self.instance, end_required=True, break_field="planned_break_minutes"
        )
        refuse_overlap(data, self.instance, overlapping_shift, overlap_message)
        return data


@extend_schema(parameters=[WEEK, DEPARTMENT, EMPLOYEE])
class RosterShiftList(ScopedList):
    """Geplande diensten; `week` selects the shifts starting in that local week."""

    model = RosterShift
    serializer_class = RosterShiftSerializer

    def get_queryset(self) -> QuerySet[RosterShift]:
        shifts = super().get_queryset().order_by("start", "pk")
        if (monday := week_start(self.request)) is not None:
            start, end = local_span(monday, 7)
            shifts = shifts.filter(start__gte=start, start__lt=end)
        if (department := id_param(self.request, "department")) is not None:
            shifts = shifts.filter(department_id=department)
        if (employee := id_param(self.request, "employee")) is not None:
            shifts = shifts.filter(employee_id=employee)
        return shifts


class RosterShiftDetail(ScopedDetail, generics.DestroyAPIView):
    model = RosterShift
    serializer_class = RosterShiftSerializer
