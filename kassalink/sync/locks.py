"""One run per connection+stream at a time, across any number of workers and machines.

The lock is a row in the database (`SyncLock`), claimed with one conditional UPDATE:

    UPDATE sync_synclock SET holder=me, expires_at=now+lease
    WHERE id=... AND (holder = '' OR expires_at < now)

Exactly one of several racing workers changes the row (the database serialises writers on
the row on PostgreSQL and on the whole file on SQLite). The claim is a lease: a live run
renews it with every page, inside that page's transaction, so a page can only commit while
its run still holds the lease. A worker killed mid-run simply stops renewing; after the
lease another worker takes the lock over and resumes from the saved cursor.

Why not a Redis lock: the rows and the cursor live in the database, so the lock that
guards them lives there too - one source of truth, fenced by the same transaction that
commits the page - and it works on the embedded default (SQLite, no Redis server).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import socket
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kassalink.sync import conf
from kassalink.sync.models import SyncLock, SyncRun


class LockLost(Exception):
    """Our lease ran out and another run took the lock over: stop without committing."""


@dataclass(frozen=True)
class Lease:
    lock_id: int
    holder: str
    taken_over_run_id: int | None = None  # the dead run whose expired lease we took


def new_holder() -> str:
    """A name unique to this attempt, readable in the admin: host, process, random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _lock_row(connection_id: int, stream: str) -> SyncLock:
    try:
        lock, _ = SyncLock.objects.get_or_create(connection_id=connection_id, stream=stream)
    except IntegrityError:
        # Another worker created it between our SELECT and INSERT.
        lock = SyncLock.objects.get(connection_id=connection_id, stream=stream)
    return lock


def claim(connection_id: int, stream: str, holder: str, run: SyncRun | None = None) -> Lease | None:
    """Take the lock for `holder`, or None when a live run holds it."""
    lock = _lock_row(connection_id, stream)
    now = timezone.now()
    free = Q(holder="") | Q(expires_at__lt=now)
    with transaction.atomic():
        previous = SyncLock.objects.filter(pk=lock.pk).values_list("holder", "run_id").first()
        claimed = SyncLock.objects.filter(free, pk=lock.pk).update(
            holder=holder,
            run=run,
            claimed_at=now,
            expires_at=now + dt.timedelta(seconds=conf.lock_lease_seconds()),
        )
    if not claimed:
        return None
    was_held = previous is not None and previous[0] != ""
    return Lease(lock.pk, holder, taken_over_run_id=previous[1] if was_held else None)


def renew(lease: Lease) -> None:
    """Extend the lease; raises LockLost if another run has taken it over.

    Called inside each page's transaction, so a page never commits without the lock.
    """
    expires = timezone.now() + dt.timedelta(seconds=conf.lock_lease_seconds())
    if not SyncLock.objects.filter(pk=lease.lock_id, holder=lease.holder).update(
        expires_at=expires
    ):
        raise LockLost("the lock expired and another run took it over")


def release(lease: Lease) -> None:
    """Give the lock back (a no-op if it was already taken over)."""
    SyncLock.objects.filter(pk=lease.lock_id, holder=lease.holder).update(
        holder="", run=None, expires_at=None
    )


def is_held(connection_id: int, stream: str, now: dt.datetime | None = None) -> bool:
    """True while a live (unexpired) run holds the lock."""
    now = now or timezone.now()
    return SyncLock.objects.filter(
        connection_id=connection_id, stream=stream, expires_at__gte=now
    ).exists()


def seconds_left(connection_id: int, stream: str) -> int:
    """Whole seconds until the current lease runs out (0 when the lock is free)."""
    expires = (
        SyncLock.objects.filter(connection_id=connection_id, stream=stream)
        .values_list("expires_at", flat=True)
        .first()
    )
    if expires is None:
        return 0
    return max(0, math.ceil((expires - timezone.now()).total_seconds()))
