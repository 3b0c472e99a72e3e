"""Receipts history ("importeren vanaf") cut into windows of financial dates that any
worker may run, next to the live `receipts` stream.

The cutover is the POS's current receipt sync marker M when the backfill is planned:
- the live stream (the tail) starts after M, with `from_financial_date = history_from`,
  so it reads every receipt added or changed from then on - a late change to an old
  receipt included;
- the windows cover [history_from, the planning day], each read by sync marker from 0
  within its dates, so they hold every receipt version up to M (and maybe some later).
A receipt read by both is stored once: the import is idempotent by receipt id and keeps
the highest sync marker, whichever arrives first. Planning is idempotent: it covers only
days no window holds yet, so an earlier `history_from` adds windows for the extra days,
and a later one drops the windows not done that hold only days before it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from kassalink.sync import conf, locks
from kassalink.sync.models import Backfill, BackfillWindow, SyncState
from kassalink.sync.streams import today_in_amsterdam

# Enough windows for several workers to share; no longer than a week each, so one window
# of a 50-branch chain stays minutes of work and the progress bar moves.
TARGET_WINDOWS = 32


def window_days(days: int) -> int:
    """Days per window for a history of `days` days: about TARGET_WINDOWS windows, at
    least 1 day and at most KASSALINK_BACKFILL_WINDOW_DAYS (7)."""
    longest = conf.backfill_window_days()
    return max(1, min(longest, math.ceil(days / TARGET_WINDOWS)))


def date_ranges(start: dt.date, through: dt.date, size: int) -> Iterator[tuple[dt.date, dt.date]]:
    """[start, through] as consecutive runs of `size` days (the first may be shorter), so
    the newest windows line up with the cutover whatever the start."""
    end = through
    while end >= start:
        begin = max(start, end - dt.timedelta(days=size - 1))
        yield begin, end
        end = begin - dt.timedelta(days=1)


def on_history_wanted(sender: object, connection: Any, **kwargs: object) -> None:
    """connections.signals.history_wanted: plan in a task, which asks the POS for the
    cutover marker (no web request waits for MplusKASSA)."""
    from kassalink.sync.tasks import plan_backfill_task

    plan_backfill_task.delay(connection.pk)


def tail_start(connection: Any, client: Any = None) -> dict[str, int]:
    """The live stream's cursor when it has none and history is wanted: after the
    backfill's cutover marker (planning the backfill now if nobody has yet)."""
    backfill = plan_backfill(connection, client=client)
    marker = backfill.cutover_marker if backfill is not None else None
    return {"sync_marker": marker} if marker is not None else {}


def plan_backfill(
    connection: Any, *, today: dt.date | None = None, client: Any = None
) -> Backfill | None:
    """Plan (or extend) the connection's backfill and queue its new windows.

    Returns the backfill, or None when the connection wants no history. Safe to call
    any number of times, from any process: only dates not yet planned get windows.
    """
    from kassalink.connections.models import Connection

    connection = Connection.objects.get(pk=connection.pk)
    if connection.history_from is None:
        return None
    state, _ = SyncState.objects.get_or_create(connection=connection, stream="receipts")
    marker = state.cursor.get("sync_marker")
    existing = Backfill.objects.filter(connection=connection).first()
    if existing is None and marker is None:
        # Asked before the transaction: no lock is held while the POS answers.
        client = client or connection.client()
        marker = client.get_current_sync_markers().receipt
    today = today or today_in_amsterdam()
    with transaction.atomic():
        # Serialises planners of one connection (SQLite: the IMMEDIATE transaction does).
        Connection.objects.select_for_update().filter(pk=connection.pk).first()
        backfill = Backfill.objects.filter(connection=connection).first()
        if backfill is None:
            backfill = _start(connection, state, marker, today)
            new = _add_windows(backfill, connection.history_from, today)
            if not new:  # a date after today: nothing to fetch, nothing to show as running
                Backfill.objects.filter(pk=backfill.pk).update(finished_at=backfill.planned_at)
                backfill.finished_at = backfill.planned_at
        else:
            if connection.history_from > backfill.from_date:
                _drop_unwanted(backfill, connection.history_from)
            new = _add_windows(backfill, connection.history_from, backfill.through_date)
            if new:
                _restart_spell(backfill, min(connection.history_from, backfill.from_date))
        if new:
            ids = [w.pk for w in new]
            transaction.on_commit(lambda: enqueue_windows(ids))
    return backfill


def _start(connection: Any, state: SyncState, marker: int | None, today: dt.date) -> Backfill:
    now = timezone.now()
    cursor = SyncState.objects.filter(pk=state.pk).values_list("cursor", flat=True).get()
    if "sync_marker" not in cursor:
        # The tail has not run yet: it starts after the cutover instead of at marker 0.
        SyncState.objects.filter(pk=state.pk).update(cursor={"sync_marker": marker})
    else:
        marker = cursor["sync_marker"]
    return Backfill.objects.create(
        connection=connection,
        from_date=min(connection.history_from, today),
        through_date=today,
        cutover_marker=marker,
        planned_at=now,
        spell_started_at=now,
    )


def _restart_spell(backfill: Backfill, from_date: dt.date) -> None:
    now = timezone.now()
    spell = backfill.spell_started_at if backfill.finished_at is None else now
    Backfill.objects.filter(pk=backfill.pk).update(
        from_date=from_date, finished_at=None, spell_started_at=spell
    )
    backfill.from_date, backfill.finished_at, backfill.spell_started_at = from_date, None, spell


def wants_window(history_from: dt.date | None, window: BackfillWindow) -> bool:
    """Whether a link with this Importeren vanaf still wants the window's days."""
    return history_from is not None and history_from <= window.through_date


def drop_unwanted(connection: Any, backfill: Backfill) -> None:
    """Drop the windows the link no longer wants, found by a worker about to read one:
    before a later Importeren vanaf (as planning does), or every window not done when
    the date was cleared. A backfill left without windows goes: a date set again later
    plans afresh from the live stream's cursor."""
    with transaction.atomic():
        if connection.history_from is not None:
            _drop_unwanted(backfill, connection.history_from)
            return
        BackfillWindow.objects.filter(backfill=backfill).exclude(
            status=BackfillWindow.Status.DONE
        ).delete()
        if not BackfillWindow.objects.filter(backfill=backfill).exists():
            Backfill.objects.filter(pk=backfill.pk).delete()
        else:
            Backfill.objects.filter(pk=backfill.pk, finished_at=None).update(
                finished_at=timezone.now()
            )


def _drop_unwanted(backfill: Backfill, from_date: dt.date) -> None:
    """History moved later: windows not done that hold only days before `from_date` are
    not read any more (a worker reading one stops at its next page: backfill_run). Done
    windows stay, as do their receipts: nothing stored is taken away. A window holding
    days on both sides stays whole."""
    unwanted = BackfillWindow.objects.filter(backfill=backfill, through_date__lt=from_date).exclude(
        status=BackfillWindow.Status.DONE
    )
    if not unwanted.delete()[0]:
        return
    kept = BackfillWindow.objects.filter(backfill=backfill)
    first = kept.order_by("from_date").values_list("from_date", flat=True).first()
    backfill.from_date = min(from_date, first) if first else from_date
    changes: dict[str, object] = {"from_date": backfill.from_date}
    if (
        backfill.finished_at is None
        and not kept.exclude(status=BackfillWindow.Status.DONE).exists()
    ):
        backfill.finished_at = changes["finished_at"] = timezone.now()
    Backfill.objects.filter(pk=backfill.pk).update(**changes)


def _add_windows(backfill: Backfill, start: dt.date, through: dt.date) -> list[BackfillWindow]:
    """Windows for the days of [start, through] that no window holds yet."""
    gaps = _uncovered(backfill, start, through)
    if not gaps:
        return []
    now = timezone.now()
    size = window_days(sum((end - begin).days + 1 for begin, end in gaps))
    windows = [
        BackfillWindow(backfill=backfill, from_date=first, through_date=last, planned_at=now)
        for begin, end in gaps
        for first, last in date_ranges(begin, end, size)
    ]
    BackfillWindow.objects.bulk_create(windows)
    # bulk_create sets no pk on every backend (older SQLite): read them back.
    return list(
        BackfillWindow.objects.filter(
            backfill=backfill, from_date__in=[w.from_date for w in windows]
        ).order_by("-from_date")
    )


def _uncovered(
    backfill: Backfill, start: dt.date, through: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """The runs of days in [start, through] outside every window of the backfill."""
    day, gaps = start, []
    held = BackfillWindow.objects.filter(
        backfill=backfill, through_date__gte=start, from_date__lte=through
    ).order_by("from_date")
    for begin, end in held.values_list("from_date", "through_date"):
        if begin > day:
            gaps.append((day, begin - dt.timedelta(days=1)))
        day = max(day, end + dt.timedelta(days=1))
    if day <= through:
        gaps.append((day, through))
    return gaps


def enqueue_windows(window_ids: list[int]) -> None:
    """Queue one task per window (newest dates first: the recent past matters most)."""
    now = timezone.now()
    for window_id in window_ids:
        BackfillWindow.objects.filter(pk=window_id).update(queued_at=now)
        enqueue_window(window_id)


def enqueue_window(window_id: int) -> None:
    from kassalink.sync.tasks import backfill_window

    queue = conf.backfill_queue()
    backfill_window.apply_async((window_id,), **({"queue": queue} if queue else {}))


def requeue_stalled(now: dt.datetime | None = None) -> int:
    """Queue again every unfinished window whose task is lost; returns how many.

    A task is lost when its worker was killed and the broker keeps the delivery (Redis
    holds an unacked task for its visibility timeout, an hour): its window is `running`
    with no live lease, or was queued longer ago than KASSALINK_BACKFILL_REQUEUE_AFTER
    without being picked up. A duplicate delivery is harmless: the lease lets one run.
    """
    from kassalink.connections.models import Connection

    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=conf.backfill_requeue_after())
    unfinished = BackfillWindow.objects.filter(
        backfill__connection__status=Connection.Status.ACTIVE,
        status__in=[
            BackfillWindow.Status.PENDING,
            BackfillWindow.Status.RUNNING,
            BackfillWindow.Status.RETRYING,
        ],
    ).select_related("backfill")
    queued = 0
    for window in unfinished:
        if locks.is_held(window.backfill.connection_id, window.lock_key, now):
            continue
        if not _lost(window, stale):
            continue
        # Claimed with a conditional UPDATE, so two beats never queue one window twice.
        if BackfillWindow.objects.filter(
            pk=window.pk, status=window.status, queued_at=window.queued_at
        ).update(queued_at=now, status=BackfillWindow.Status.PENDING):
            enqueue_window(window.pk)
            queued += 1
    return queued


def _lost(window: BackfillWindow, stale: dt.datetime) -> bool:
    """Whether nobody will run this unheld window unless it is queued again."""
    if window.status == BackfillWindow.Status.RUNNING:
        return True  # its worker died (the lease is not held by anyone alive)
    if window.status == BackfillWindow.Status.RETRYING:
        # A countdown retry waits inside a worker; a killed worker takes it along.
        return window.retry_at is None or window.retry_at < stale
    return window.queued_at is None or window.queued_at < stale
