"""One run of one stream for one connection: lock, pages, cursor, run log, alerts.

Each page is applied in its own transaction together with the cursor after it and a
renewal of the lock, so at any moment the saved cursor describes exactly the rows that
exist: a crash loses at most the page in flight, which the next run fetches again.

A stream may let the next page be fetched and parsed in a thread while one is written
(`Stream.read_ahead`, kassalink/sync/read_ahead.py). Crash safety is the same: pages are
still applied one by one in order, each with its cursor, and a page read ahead but not yet
applied was never saved, so the next run simply fetches it again.
"""

from __future__ import annotations

import logging
import socket
from contextlib import closing

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kassalink.mplus.errors import (
    MplusAnswerTooLarge,
    MplusAuthError,
    MplusError,
    MplusTimeout,
    MplusUnavailable,
)
from kassalink.sync import conf, locks, notify
from kassalink.sync.models import SyncRun, SyncState
from kassalink.sync.read_ahead import read_ahead
from kassalink.sync.streams import Page, Stream, get_stream

log = logging.getLogger(__name__)

# Errors worth trying again soon by themselves; everything else waits for the schedule.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (MplusUnavailable,)
# Shown to the shop too, who cannot change the ident/secret: it says what, not what to do.
AUTH_REASON = "MplusKASSA weigert de ident/secret van deze koppeling."
DEAD_WORKER = "De worker die deze run uitvoerde is gestopt; een volgende run heeft het overgenomen."


class StreamNotEnabled(ValueError):
    """The stream is switched off for this connection (turnover without Omzet)."""


def run_stream(
    connection_id: int, stream: str, trigger: str, *, raise_transient: bool = False
) -> SyncRun:
    """Run `stream` for the connection now and return its finished run-log row.

    Returns a `skipped_locked` run when another run holds the lock. With `raise_transient`
    (the Celery task) a transient error is re-raised after it is logged, for a retry.
    """
    from kassalink.connections.models import Connection

    definition = get_stream(stream)
    connection = Connection.objects.get(pk=connection_id)
    if not definition.enabled_for(connection):
        raise StreamNotEnabled(f"stream {stream!r} is not enabled for connection {connection}")
    state = sync_state(connection.pk, stream)
    run = SyncRun.objects.create(
        connection=connection,
        stream=stream,
        trigger=trigger,
        started=timezone.now(),
        cursor_before=state.cursor,
        cursor_after=state.cursor,
        hostname=socket.gethostname()[:255],
    )
    lease = locks.claim(connection.pk, stream, locks.new_holder(), run)
    if lease is None:
        return _finish(run, SyncRun.Status.SKIPPED_LOCKED)
    if lease.taken_over_run_id:
        SyncRun.objects.filter(pk=lease.taken_over_run_id, status=SyncRun.Status.RUNNING).update(
            status=SyncRun.Status.FAILED, finished=timezone.now(), error=DEAD_WORKER
        )
    try:
        state.refresh_from_db()  # the cursor as the lock's previous holder left it
        # Start counts from the claim: runs holding the lock never overlap in the log.
        run.started = timezone.now()
        SyncRun.objects.filter(pk=run.pk).update(cursor_before=state.cursor, started=run.started)
        _pull(definition, connection, state, run, lease)
    except Exception as error:
        _record_failure(connection, state, run, error)
        if raise_transient and isinstance(error, TRANSIENT_ERRORS):
            raise
    else:
        _record_success(connection, state, run)
    finally:
        locks.release(lease)
    run.refresh_from_db()
    return run


def sync_state(connection_id: int, stream: str) -> SyncState:
    state, _ = SyncState.objects.get_or_create(connection_id=connection_id, stream=stream)
    return state


def _pull(definition: Stream, connection, state: SyncState, run: SyncRun, lease) -> None:
    newest = state.newest_data_at
    depth = conf.read_ahead() if definition.read_ahead else 0
    pages = read_ahead(definition.pages(connection, state.cursor), depth=depth)
    # closing(): a failing page stops the read-ahead thread here, before the failure is
    # recorded, not whenever the traceback that holds this frame is let go.
    with closing(pages):
        for page in pages:
            if page.newest_data_at and (newest is None or page.newest_data_at > newest):
                newest = page.newest_data_at
            _apply(definition, connection, state, run, lease, page, newest)


def _apply(
    definition: Stream, connection, state: SyncState, run: SyncRun, lease, page: Page, newest
) -> None:
    """One page with its cursor, its counts and a renewal of the lock, in one transaction."""
    with transaction.atomic():
        locks.renew(lease)
        result = definition.apply(connection, page)
        SyncState.objects.filter(pk=state.pk).update(cursor=page.cursor, newest_data_at=newest)
        SyncRun.objects.filter(pk=run.pk).update(
            created=F("created") + result.created,
            updated=F("updated") + result.updated,
            skipped=F("skipped") + result.skipped,
            pages=F("pages") + 1,
            cursor_after=page.cursor,
            notes=_join_notes(run, result.notes),
        )
    run.notes = _join_notes(run, result.notes)


def _join_notes(run: SyncRun, notes: tuple[str, ...]) -> str:
    text = "\n".join(filter(None, [run.notes, *notes]))
    return text[-4000:]  # the latest remarks are the useful ones


def _record_success(connection, state: SyncState, run: SyncRun) -> None:
    from kassalink.connections.actions import do_credentials_accepted

    with transaction.atomic():
        now = timezone.now()
        SyncState.objects.filter(pk=state.pk).update(last_success_at=now)
        _finish(run, SyncRun.Status.SUCCEEDED)
        notify.after_success(state, run)
        # A connection we stopped for refused credentials works again (fixed by an operator).
        do_credentials_accepted(connection.pk)


def _record_failure(connection, state: SyncState, run: SyncRun, error: Exception) -> None:
    from kassalink.connections.actions import do_credentials_refused

    log.warning("sync %s of connection %s failed: %s", run.stream, connection.pk, describe(error))
    with transaction.atomic():
        _finish(run, SyncRun.Status.FAILED, error=describe(error))
        is_auth = isinstance(error, MplusAuthError)
        if is_auth:
            # Stop its runs (the schedule only runs active connections); tell the operators.
            do_credentials_refused(connection.pk, AUTH_REASON)
        # Refused credentials will not fix themselves and no more runs will come: alert now.
        notify.after_failure(state, run, urgent=is_auth)


def describe(error: Exception) -> str:
    """A run-log text for `error`. MplusKASSA errors are built from our own words only;
    anything else (an importer bug) gets its class and message, never a traceback."""
    if isinstance(error, MplusAuthError):
        return AUTH_REASON
    if isinstance(error, MplusError):
        setting = _LIMIT_SETTINGS.get(type(error))
        limit = f" ({setting})" if setting else ""
        return f"{type(error).__name__}: {error}{limit}"[:2000]
    return f"{type(error).__name__}: {error}"[:2000]


# The setting behind a limit a run ran into, so the run log says what an operator can change.
_LIMIT_SETTINGS = {
    MplusAnswerTooLarge: "KASSALINK_MPLUS_MAX_ANSWER_BYTES",
    MplusTimeout: "KASSALINK_MPLUS_DEADLINE",
}


def _finish(run: SyncRun, status: str, error: str = "") -> SyncRun:
    run.status = status
    run.finished = timezone.now()
    run.error = error
    SyncRun.objects.filter(pk=run.pk).update(status=status, finished=run.finished, error=error)
    return run
