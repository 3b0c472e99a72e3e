"""The operator's run log: every connection's runs, failing connections first; and the
backfill's Opnieuw proberen."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

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


@operator_required
@require_POST
def retry_backfill(request: HttpRequest, connection_id: int) -> HttpResponse:
    """Opnieuw proberen: the backfill's failed windows get fresh attempts."""
    from kassalink.connections.access import access_connection_as_operator
    from kassalink.sync.backfill_run import retry_failed
    from kassalink.sync.models import Backfill

    connection = access_connection_as_operator(request, connection_id)
    backfill = Backfill.objects.filter(connection=connection).first()
    retried = retry_failed(backfill) if backfill is not None else []
    messages.success(
        request,
        ngettext(
            "%(count)d periode van de geschiedenis wordt opnieuw geprobeerd.",
            "%(count)d periodes van de geschiedenis worden opnieuw geprobeerd.",
            len(retried),
        )
        % {"count": len(retried)},
    )
    return redirect(reverse("operator_connection", args=[connection.pk]))
