"""Celery tasks of the sync engine. Tasks carry ids and stream names, never payloads."""

from __future__ import annotations

import logging

from celery import shared_task

from kassalink.sync import backfill, conf, locks, schedule
from kassalink.sync.backfill_run import RetryLater, run_window
from kassalink.sync.models import SyncRun
from kassalink.sync.runner import TRANSIENT_ERRORS, run_stream
from kassalink.sync.streams import STREAMS, get_stream

log = logging.getLogger(__name__)


@shared_task(name="kassalink.sync.enqueue_due_runs", ignore_result=True)
def enqueue_due_runs() -> int:
    """The beat tick: queue every run that is due; returns how many."""
    queued = 0
    for connection_id, stream in schedule.due_runs():
        run_stream_task.delay(connection_id, stream, SyncRun.Trigger.SCHEDULE)
        queued += 1
    # Backfill windows whose worker died (its task parked in Redis's unacked set).
    return queued + backfill.requeue_stalled()


@shared_task(
    bind=True,
    name="kassalink.sync.run_stream",
    ignore_result=True,
    # Only named transient errors are retried; wrong credentials or a bug are not.
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=3,
    retry_backoff=conf.setting_int("KASSALINK_SYNC_RETRY_BACKOFF", 30),
    retry_backoff_max=600,
    retry_jitter=True,
)
def run_stream_task(self, connection_id: int, stream: str, trigger: str) -> int | None:
    """Run one stream of one connection; returns the run's id (None when not run)."""
    from kassalink.connections.models import Connection

    schedule.mark_started(connection_id, stream)
    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is None:
        return None  # deleted while the task waited
    if trigger == SyncRun.Trigger.SCHEDULE and connection.status != Connection.Status.ACTIVE:
        return None  # stopped (needs attention, paused) while the task waited
    if not get_stream(stream).enabled_for(connection):
        return None
    run = run_stream(connection_id, stream, trigger, raise_transient=True)
    redelivered = (self.request.delivery_info or {}).get("redelivered")  # None outside a worker
    if run.status == SyncRun.Status.SKIPPED_LOCKED and redelivered:
        # The broker handed this task out again because its worker died (acks_late), so
        # the lease in the way is most likely that dead attempt's own. Come back when it
        # has run out instead of leaving the work to the schedule (or to no one, for a
        # manual run). The retry is a fresh delivery: if a live run holds the lock then,
        # it covers the work and this one ends as skipped.
        raise self.retry(countdown=locks.seconds_left(connection_id, stream) + 1)
    return run.pk


def sync_now(
    connection_id: int, stream: str | None = None, trigger: str = SyncRun.Trigger.MANUAL
) -> list[str]:
    """Queue a run of one stream (or every enabled stream) now; returns the streams queued.

    The "sync now" button and the API call this. The lock still holds: a run that finds
    one going records itself as skipped.
    """
    from kassalink.connections.models import Connection

    connection = Connection.objects.get(pk=connection_id)
    names = [get_stream(stream).name] if stream else list(STREAMS)
    queued = [name for name in names if STREAMS[name].enabled_for(connection)]
    for name in queued:
        run_stream_task.delay(connection_id, name, trigger)
    return queued


@shared_task(
    name="kassalink.sync.plan_backfill",
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=5,
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
)
def plan_backfill_task(connection_id: int) -> None:
    """Plan (or extend) a connection's backfill: asks the POS for its cutover marker."""
    from kassalink.connections.models import Connection

    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is not None:
        backfill.plan_backfill(connection)


@shared_task(bind=True, name="kassalink.sync.backfill_window", ignore_result=True)
def backfill_window(self, window_id: int) -> str:
    """Run one backfill window; a failed attempt comes back with a growing pause.

    Redelivered after a killed worker (acks_late), it resumes from the window's cursor;
    a delivery Redis keeps parked is queued again by the beat tick's sweep."""
    try:
        return run_window(window_id)
    except RetryLater as later:
        raise self.retry(countdown=later.countdown, max_retries=None) from None
