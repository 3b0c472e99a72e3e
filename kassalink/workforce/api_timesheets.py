"""/api/v1/timesheets/: timesheet entries (list with filters, create, update) and approval."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kassalink.web.ids import MAX_ID

from .actions import do_approve_entries, entry_overlap_message, overlapping_entry
from .api import (
    DEPARTMENT,
    EMPLOYEE,
    WEEK,
    LocalDateTimeField,
    OwnRowField,
    ScopedDetail,
    ScopedList,
    check_team_and_times,
    id_param,
    organization_of,
    refuse_overlap,
    week_start,
)
from .hours import SHOP_TZ, worked_minutes
from .models import Department, Employee, RosterShift, Team, TimesheetEntry
from .planned_vs_worked import compared_entries
from .timesheet_query import VARIANCE_KINDS, TimesheetFilter, filtered_entries


class TimesheetEntrySerializer(serializers.ModelSerializer):
    employee = OwnRowField(queryset=Employee.objects.all())
    department = OwnRowField(queryset=Department.objects.all())
    team = OwnRowField(queryset=Team.objects.all(), allow_null=True, required=False)
    roster_shift = OwnRowField(queryset=RosterShift.objects.all(), allow_null=True, required=False)
    financial_date = serializers.DateField(
        required=False, help_text="The day the hours count for; defaults to the start's local day."
    )
    start = LocalDateTimeField()
    end = LocalDateTimeField(required=False, allow_null=True)
    worked_minutes = serializers.SerializerMethodField()

    class Meta:
        model = TimesheetEntry
        # What the till, the approval and the placement set; the API only shows it.
        read_only_fields = [
            "state",
            "source",
            "connection",
            "mplus_shift_year",
            "mplus_shift_number",
            "placement_reason",
            "no_planned_shift",
            "clock_out_missing",
            "changed_after_approval",
            "pending_start",
            "pending_end",
            "corrected",
            "pos_start",
            "pos_end",
            "approved_by",
            "approved_at",
        ]
        fields = [
            "id",
            "employee",
            "department",
            "team",
            "roster_shift",
            "start",
            "end",
            "break_minutes",
            "financial_date",
            "worked_minutes",
            *read_only_fields,
        ]

    def get_worked_minutes(self, entry: TimesheetEntry) -> int:
        """Minutes worked minus the break; 0 while still clocked in."""
        return worked_minutes(entry.start, entry.end, entry.break_minutes)

    def validate(self, data: dict) -> dict:
        if self.instance is not None and self.instance.source != TimesheetEntry.Source.MANUAL:
            # Imported hours follow the POS; a change here would be overwritten or hidden.
            raise ValidationError(
                {"source": ["Hours imported from MplusKASSA are changed with POST .../correct/."]}
            )
        check_team_and_times(data, self.instance, end_required=False, break_field="break_minutes")
        refuse_overlap(data, self.instance, overlapping_entry, entry_overlap_message)
        return data

    def save(self, **kwargs: object) -> TimesheetEntry:
        data = self.validated_data
        start = data.get("start", getattr(self.instance, "start", None))
        end = data.get("end", getattr(self.instance, "end", None))
        if "financial_date" not in data and self.instance is None:
            kwargs["financial_date"] = start.astimezone(SHOP_TZ).date()
        # A changed entry needs approving again; no end means still at work.
        state = TimesheetEntry.State.OPEN if end is None else TimesheetEntry.State.TO_APPROVE
        kwargs.update(state=state, approved_by=None, approved_at=None)
        return super().save(**kwargs)


@extend_schema(
    parameters=[
        WEEK,
        DEPARTMENT,
        EMPLOYEE,
        OpenApiParameter("state", str, enum=TimesheetEntry.State.values),
        OpenApiParameter(
            "needs_review", bool, description="only clock-out missing or changed after approval"
        ),
        OpenApiParameter(
            "variance",
            str,
            enum=list(VARIANCE_KINDS),
            description="planned against worked (needs `week`): late or left early by more "
            "than 5 minutes, unplanned, employees over their contract hours; no_show lists "
            "no entries (see planned-vs-worked/)",
        ),
    ]
)
class TimesheetList(ScopedList):
    """Urenregistraties; `week` selects by the POS's financial date. New ones are manual."""

    model = TimesheetEntry
    serializer_class = TimesheetEntrySerializer

    def get_queryset(self) -> QuerySet[TimesheetEntry]:
        state = self.request.query_params.get("state")
        if state and state not in TimesheetEntry.State.values:
            raise ValidationError({"state": [f"One of {', '.join(TimesheetEntry.State.values)}."]})
        variance = self.request.query_params.get("variance") or None
        if variance and variance not in VARIANCE_KINDS:
            raise ValidationError({"variance": [f"One of {', '.join(VARIANCE_KINDS)}."]})
        chosen = TimesheetFilter(
            monday=week_start(self.request),
            department_id=id_param(self.request, "department"),
            employee_id=id_param(self.request, "employee"),
            state=state or None,
            needs_review=self.request.query_params.get("needs_review") in {"1", "true"},
            variance=variance,
        )
        organization = organization_of(self.request)
        if variance is None:
            return filtered_entries(organization, chosen).order_by("start", "pk")
        if chosen.monday is None:
            raise ValidationError({"week": ["Needed with variance: it compares one week."]})
        entries, _ = compared_entries(organization, chosen, timezone.now())
        return entries

    def perform_create(self, serializer: serializers.ModelSerializer) -> None:
        serializer.save(
            organization=organization_of(self.request), source=TimesheetEntry.Source.MANUAL
        )


class TimesheetDetail(ScopedDetail):
    model = TimesheetEntry
    serializer_class = TimesheetEntrySerializer


class ApproveRequestSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=False
    )


class ApproveResultSerializer(serializers.Serializer):
    approved = serializers.IntegerField(help_text="Entries approved now.")
    still_open = serializers.IntegerField(
        help_text="Entries still clocked in: they can be approved after the clock-out."
    )
    already_approved = serializers.IntegerField()
    not_found = serializers.IntegerField(help_text="Unknown ids, or ids of another shop.")
    approved_at = serializers.DateTimeField()


class TimesheetApprove(APIView):
    @extend_schema(
        request=ApproveRequestSerializer,
        responses={200: ApproveResultSerializer},
        summary="Approve timesheet entries; open (clocked-in) entries are counted, not approved",
    )
    def post(self, request: Request) -> Response:
        body = ApproveRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = do_approve_entries(
            organization_of(request), body.validated_data["ids"], request.user
        )
        data = {
            "approved": result.approved,
            "still_open": result.still_open,
            "already_approved": result.already_approved,
            "not_found": result.not_found,
            "approved_at": timezone.now(),
        }
        return Response(ApproveResultSerializer(data).data)
