"""/api/v1/timesheets/{id}/correct/, .../corrections/ and .../comments/: a manager's
corrections of an entry's times (with reason, audit trail) and comments on it."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kassalink.accounts.tenancy import organization_of

from .api_timesheets import TimesheetEntrySerializer
from .corrections import Correction, correction_errors, do_comment_entry, do_correct_entry
from .models import TimesheetComment, TimesheetCorrection, TimesheetEntry


def entry_of(request: Request, pk: int) -> TimesheetEntry:
    """The requesting organization's entry; 404 for another shop's."""
    return get_object_or_404(TimesheetEntry, pk=pk, organization=organization_of(request))


class CorrectionRequestSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(
        allow_null=True, help_text="null: the employee is still at work."
    )
    break_minutes = serializers.IntegerField(min_value=0, max_value=1440, default=0)
    reason = serializers.CharField(max_length=500, help_text="Why the times change (audit).")

    def validate(self, data: dict) -> dict:
        correction = Correction(data["start"], data["end"], data["break_minutes"], data["reason"])
        errors = correction_errors(correction)
        if errors:
            raise ValidationError({field: [str(message)] for field, message in errors.items()})
        data["correction"] = correction
        return data


class CorrectionSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = TimesheetCorrection
        fields = [
            "id",
            "kind",
            "user",
            "reason",
            "old_start",
            "old_end",
            "old_break_minutes",
            "new_start",
            "new_end",
            "new_break_minutes",
            "created",
        ]


class CommentSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="email", read_only=True)

    class Meta:
        model = TimesheetComment
        fields = ["id", "user", "text", "created"]
        read_only_fields = ["id", "user", "created"]


class TimesheetCorrect(APIView):
    @extend_schema(
        request=CorrectionRequestSerializer,
        responses={200: TimesheetEntrySerializer},
        summary="Correct an entry's times with a reason; the POS's own times are kept and a "
        "later change in the POS is flagged (changed_after_approval), not applied",
    )
    def post(self, request: Request, pk: int) -> Response:
        entry = entry_of(request, pk)
        body = CorrectionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = do_correct_entry(entry, body.validated_data["correction"], request.user)
        return Response(TimesheetEntrySerializer(entry, context={"request": request}).data)


class TimesheetCorrections(generics.ListAPIView):
    """Who changed an entry's times, when, from what to what and why, oldest first."""

    serializer_class = CorrectionSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[TimesheetCorrection]:
        entry = entry_of(self.request, self.kwargs["pk"])
        return entry.corrections.select_related("user")


class TimesheetComments(generics.ListCreateAPIView):
    """Comments on an entry, oldest first; POST adds one."""

    serializer_class = CommentSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[TimesheetComment]:
        entry = entry_of(self.request, self.kwargs["pk"])
        return entry.comments.select_related("user")

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        entry = entry_of(request, self.kwargs["pk"])
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment = do_comment_entry(entry, body.validated_data["text"], request.user)
        return Response(CommentSerializer(comment).data, status=201)
