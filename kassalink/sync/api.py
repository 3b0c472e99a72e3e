"""JSON API of the sync engine: sync now, a connection's run log and its health.

Tenant scope: an API token acts within its own organization only; a signed-in member
reaches the connections of the organizations they belong to; staff (operators) reach
every connection. Anything else is a 404, so nothing about other tenants is revealed.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kassalink.connections.actions import SYNCABLE
from kassalink.connections.api import connections_in_scope
from kassalink.sync.health import health_for
from kassalink.sync.models import SyncRun
from kassalink.sync.streams import STREAMS
from kassalink.sync.tasks import sync_now


def access_connection(request: Request, connection_id: int):
    """The connection if it is in the caller's scope (the same rule as the connections API)."""
    return get_object_or_404(connections_in_scope(request), pk=connection_id)


class SyncRunSerializer(serializers.ModelSerializer):
    duration_seconds = serializers.FloatField(allow_null=True, read_only=True)

    class Meta:
        model = SyncRun
        fields = [
            "id",
            "connection",
            "stream",
            "trigger",
            "status",
            "started",
            "finished",
            "duration_seconds",
            "created",
            "updated",
            "skipped",
            "pages",
            "cursor_before",
            "cursor_after",
            "error",
            "hostname",
        ]
        read_only_fields = fields


class StreamHealthSerializer(serializers.Serializer):
    stream = serializers.CharField()
    label = serializers.CharField()
    enabled = serializers.BooleanField()
    status = serializers.ChoiceField(choices=["off", "never", "failing", "late", "ok"])
    interval_seconds = serializers.IntegerField()
    last_success_at = serializers.DateTimeField(allow_null=True)
    newest_data_at = serializers.DateTimeField(allow_null=True)
    data_age_seconds = serializers.IntegerField(allow_null=True)
    failures_in_a_row = serializers.IntegerField()
    alerted = serializers.BooleanField()
    last_run = SyncRunSerializer(allow_null=True)


class SyncNowSerializer(serializers.Serializer):
    stream = serializers.ChoiceField(choices=list(STREAMS), required=False, allow_null=True)


class SyncNowView(APIView):
    @extend_schema(
        request=SyncNowSerializer,
        responses={
            202: inline_serializer(
                "SyncQueued", {"queued": serializers.ListField(child=serializers.CharField())}
            ),
            409: inline_serializer("SyncRefused", {"detail": serializers.CharField()}),
        },
        summary="Sync now: queue a run of one stream, or of every enabled stream",
    )
    def post(self, request: Request, connection_id: int) -> Response:
        connection = access_connection(request, connection_id)
        if connection.status not in SYNCABLE:
            # The same rule as the "Nu synchroniseren" button: nothing runs before activation
            # or while an operator has paused the link.
            return Response(
                {"detail": f"connection is {connection.get_status_display()}; activate it first"},
                status=status.HTTP_409_CONFLICT,
            )
        body = SyncNowSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        stream = body.validated_data.get("stream")
        if stream and not STREAMS[stream].enabled_for(connection):
            raise serializers.ValidationError({"stream": [f"{stream} is not enabled"]})
        queued = sync_now(connection.pk, stream, SyncRun.Trigger.API)
        return Response({"queued": queued}, status=status.HTTP_202_ACCEPTED)


@extend_schema(
    parameters=[
        OpenApiParameter("stream", str, enum=list(STREAMS)),
        OpenApiParameter("status", str, enum=list(SyncRun.Status.values)),
    ],
    summary="A connection's run log, newest first",
)
class RunListView(generics.ListAPIView):
    serializer_class = SyncRunSerializer

    def get_queryset(self) -> QuerySet[SyncRun]:
        connection = access_connection(self.request, self.kwargs["connection_id"])
        runs = SyncRun.objects.filter(connection=connection)
        allowed = {"stream": list(STREAMS), "status": list(SyncRun.Status.values)}
        for name, choices in allowed.items():
            value = self.request.query_params.get(name)
            if value and value not in choices:
                raise serializers.ValidationError({name: [f"One of {', '.join(choices)}."]})
            if value:
                runs = runs.filter(**{name: value})
        return runs.order_by("-started", "-pk")


class HealthView(APIView):
    @extend_schema(
        responses=StreamHealthSerializer(many=True),
        summary="Per stream: last success, age of the newest data, failures in a row",
    )
    def get(self, request: Request, connection_id: int) -> Response:
        connection = access_connection(request, connection_id)
        return Response(StreamHealthSerializer(health_for(connection), many=True).data)
