"""When each stream of each connection runs: the beat tick's "what is due now" decision.

Beat calls `enqueue_due_runs` every minute. A connection+stream is due when its interval
has passed, no run of it holds the lock, and no queued run of it is still waiting for a
worker. The claim is one conditional UPDATE on `SyncState`, so even two beats (a
mistake, but a possible one) never queue the same run twice, and runs never pile up
behind a slow one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q
from django.utils import timezone

from kassalink.sync import conf, locks
from kassalink.sync.models import SyncState
from kassalink.sync.streams import STREAMS

DUE_GRACE_SECONDS = 5


def beat_schedule() -> dict[str, dict]:
    """The beat entry; its tick is a minute, or the shortest stream interval if smaller."""
    tick = min(60, *(conf.interval_seconds(name) for name in STREAMS))
    return {
        "kassalink-sync-enqueue-due-runs": {
            "task": "kassalink.sync.enqueue_due_runs",
            "schedule": float(tick),
            "options": {"expires": float(tick)},  # a late tick is replaced by the next
        }
    }


def due_runs(now: dt.datetime | None = None) -> Iterator[tuple[int, str]]:
    """Claim and yield (connection id, stream) for every run due now on an active connection."""
    from kassalink.connections.models import Connection

    now = now or timezone.now()
    for connection in Connection.objects.filter(status=Connection.Status.ACTIVE).order_by("pk"):
        for stream in STREAMS.values():
            if stream.enabled_for(connection) and claim_due(connection.pk, stream.name, now):
                yield connection.pk, stream.name


def claim_due(connection_id: int, stream: str, now: dt.datetime) -> bool:
    """Mark the stream queued if it is due; True when this call did so."""
    if locks.is_held(connection_id, stream, now):
        return False  # running now: when it ends, the next tick decides again
    state, _ = SyncState.objects.get_or_create(connection_id=connection_id, stream=stream)
    lost = now - dt.timedelta(seconds=conf.queued_stale_seconds())
    interval = conf.interval_seconds(stream)
    # Beat ticks every interval, but each tick's task starts after a varying queue delay:
    # without some grace a tick that starts a little sooner after the last one than the
    # one before finds the stream not yet due, and a 60 s stream runs every 120 s.
    grace = min(DUE_GRACE_SECONDS, interval / 10)
    return bool(
        SyncState.objects.filter(pk=state.pk)
        .filter(Q(next_due_at__isnull=True) | Q(next_due_at__lte=now))
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=lost))
        .update(
            next_due_at=now + dt.timedelta(seconds=interval - grace),
            queued_at=now,
        )
    )


def mark_started(connection_id: int, stream: str) -> None:
    """A worker picked the queued run up: the stream may be queued again when due."""
    SyncState.objects.filter(connection_id=connection_id, stream=stream).update(queued_at=None)
