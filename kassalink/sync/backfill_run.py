"""One attempt at one backfill window: lease, pages from the saved cursor, progress.

The same mechanism as a stream run (runner.py): each page is stored in one transaction
together with the window's cursor after it, its counts and a renewal of the window's
lease, so a worker killed at any moment leaves a cursor that describes exactly the rows
that exist; whoever runs the window next resumes after the last committed page.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
from contextlib import closing

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kassalink.sync import conf, locks
from kassalink.sync.backfill import drop_unwanted, wants_window
from kassalink.sync.models import Backfill, BackfillWindow
from kassalink.sync.read_ahead import read_ahead
from kassalink.sync.runner import describe
from kassalink.sync.streams import get_stream, receipt_pages

log = logging.getLogger(__name__)
Status = BackfillWindow.Status


class RetryLater(Exception):
    """The attempt failed; the task should come back after `countdown` seconds."""

    def __init__(self, countdown: int) -> None:
        super().__init__(f"retry in {countdown} s")
        self.countdown = countdown


class WindowDropped(Exception):
    """Importeren vanaf moved past the window's days, or was cleared, while it ran."""


def backoff_seconds(attempts: int) -> int:
    """30 s after the first failed attempt, doubling, at most 10 minutes."""
    return min(600, 30 * 2 ** max(0, attempts - 1))


def run_window(window_id: int) -> str:
    """Run the window to its end; returns its status afterwards ("skipped" when another
    live attempt holds it, "gone" when it no longer exists or its link is not active).
    Raises RetryLater when it failed and has attempts left."""
    from kassalink.connections.models import Connection

    window = BackfillWindow.objects.select_related("backfill").filter(pk=window_id).first()
    if window is None or window.status in (Status.DONE, Status.FAILED):
        return window.status if window else "gone"
    connection = Connection.objects.filter(pk=window.backfill.connection_id).first()
    if connection is None or connection.status != Connection.Status.ACTIVE:
        return "gone"  # the schedule's sweep queues it again once the link is active
    if not wants_window(connection.history_from, window):
        drop_unwanted(connection, window.backfill)
        return "gone"
    lease = locks.claim(connection.pk, window.lock_key, locks.new_holder())
    if lease is None:
        return "skipped"
    try:
        window.refresh_from_db()  # the cursor as the previous holder left it
        if window.status in (Status.DONE, Status.FAILED):
            return window.status
        _started(window)
        _pull(connection, window, lease)
    except locks.LockLost:
        return "skipped"  # judged dead and taken over: the new holder carries on
    except WindowDropped:
        connection.refresh_from_db(fields=["history_from"])
        drop_unwanted(connection, window.backfill)
        return "gone"
    except Exception as error:
        return _failed(window, error)
    else:
        _done(window)
        return Status.DONE
    finally:
        locks.release(lease)


def _started(window: BackfillWindow) -> None:
    now = timezone.now()
    BackfillWindow.objects.filter(pk=window.pk).update(
        status=Status.RUNNING,
        attempts=F("attempts") + 1,
        started_at=window.started_at or now,
        retry_at=None,
        hostname=socket.gethostname()[:255],
    )
    window.attempts += 1


def _pull(connection, window: BackfillWindow, lease: locks.Lease) -> None:
    stream = get_stream("receipts")
    pages = receipt_pages(
        connection.client(),
        connection,
        window.cursor,
        from_date=window.from_date,
        through_date=window.through_date,
    )
    # The next page is fetched and parsed while one is written, as in a stream run.
    depth = conf.read_ahead() if stream.read_ahead else 0
    with closing(read_ahead(pages, depth=depth)) as ahead:
        for page in ahead:
            with transaction.atomic():
                locks.renew(lease)
                if not _still_wanted(connection, window):
                    raise WindowDropped
                result = stream.apply(connection, page)
                BackfillWindow.objects.filter(pk=window.pk).update(
                    cursor=page.cursor,
                    received=F("received") + page.size,
                    created=F("created") + result.created,
                    pages=F("pages") + 1,
                )


def _still_wanted(connection, window: BackfillWindow) -> bool:
    """Whether the window is still planned and its days still wanted (Importeren vanaf
    not cleared or moved past them). Its row stays locked for the page: planning drops a
    window only between its pages."""
    if not BackfillWindow.objects.select_for_update().filter(pk=window.pk).exists():
        return False
    history_from = (
        type(connection).objects.filter(pk=connection.pk).values_list("history_from", flat=True)
    ).first()
    return wants_window(history_from, window)


def _done(window: BackfillWindow) -> None:
    now = timezone.now()
    with transaction.atomic():
        BackfillWindow.objects.filter(pk=window.pk).update(
            status=Status.DONE, finished_at=now, error=""
        )
        unfinished = BackfillWindow.objects.filter(backfill_id=window.backfill_id).exclude(
            status=Status.DONE
        )
        if not unfinished.exists():
            Backfill.objects.filter(pk=window.backfill_id, finished_at=None).update(finished_at=now)


def _failed(window: BackfillWindow, error: Exception) -> str:
    text = describe(error)
    log.warning("backfill window %s failed (attempt %s): %s", window.pk, window.attempts, text)
    if window.attempts >= conf.backfill_max_attempts():
        BackfillWindow.objects.filter(pk=window.pk).update(
            status=Status.FAILED, error=text, finished_at=timezone.now()
        )
        return Status.FAILED
    countdown = backoff_seconds(window.attempts)
    BackfillWindow.objects.filter(pk=window.pk).update(
        status=Status.RETRYING,
        error=text,
        retry_at=timezone.now() + dt.timedelta(seconds=countdown),
    )
    raise RetryLater(countdown) from error


def retry_failed(backfill: Backfill) -> list[int]:
    """The operator's "Opnieuw proberen": failed windows get fresh attempts, queued now."""
    from kassalink.sync.backfill import enqueue_windows

    failed = list(backfill.windows.filter(status=Status.FAILED).values_list("pk", flat=True))
    BackfillWindow.objects.filter(pk__in=failed).update(
        status=Status.PENDING, attempts=0, finished_at=None
    )
    if failed:
        Backfill.objects.filter(pk=backfill.pk).update(finished_at=None)
    enqueue_windows(failed)
    return failed
