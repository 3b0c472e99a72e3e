"""The operator's run log: every connection's runs, failing connections first."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kassalink.accounts.operators import operator_required
from kassalink.sync.models import SyncRun, SyncState
from kassalink.sync.streams import STREAMS
from kassalink.web.ids import parse_id

PAGE = 200


def failing_states() -> QuerySet[SyncState]:
    """Streams failing right now, worst first."""
    return (
        SyncState.objects.filter(failures_in_a_row__gt=0)
        .select_related("connection", "connection__organization")
        .order_by("-failures_in_a_row", "connection__name")
    )


def filtered_runs(params) -> QuerySet[SyncRun]:
    failing = SyncState.objects.filter(connection=OuterRef("connection"), failures_in_a_row__gt=0)
    runs = SyncRun.objects.select_related("connection", "connection__organization").annotate(
        connection_failing=Exists(failing)
    )
    if (connection_id := parse_id(params.get("connection"))) is not None:
        runs = runs.filter(connection_id=connection_id)
    if params.get("stream") in STREAMS:
        runs = runs.filter(stream=params["stream"])
    if params.get("status") in SyncRun.Status.values:
        runs = runs.filter(status=params["status"])
    if params.get("hide_skipped"):
        runs = runs.filter(~Q(status=SyncRun.Status.SKIPPED_LOCKED))
    return runs.order_by("-connection_failing", "-started", "-pk")


@operator_required
def operator_runs(request: HttpRequest) -> HttpResponse:
    from kassalink.connections.models import Connection

    return render(
        request,
        "sync/operator_runs.html",
        {
            "runs": filtered_runs(request.GET)[:PAGE],
            "failing": failing_states(),
            "connections": Connection.objects.select_related("organization").order_by(
                "organization__name", "name"
            ),
            "streams": STREAMS.values(),
            "statuses": SyncRun.Status.choices,
            "chosen": request.GET,
        },
    )
