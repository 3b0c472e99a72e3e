"""One run per connection+stream at a time, across any number of workers and machines.

The lock is a row in the database (`SyncLock`), claimed with one conditional UPDATE:

    UPDATE sync_synclock SET holder=me, expires_at=now+lease
    WHERE id=... AND (holder = '' OR expires_at < now OR holder = <a holder known dead>)

Exactly one of several racing workers changes the row (the database serialises writers on
the row on PostgreSQL and on the whole file on SQLite). The claim is a lease: a live run
renews it with every page, inside that page's transaction, so a page can only commit while
its run still holds the lease. A worker that stops renewing loses the lock when the lease
runs out; another worker takes it over and resumes from the saved cursor.

A holder known to be dead is taken over at once rather than after its lease, so a
`kill -9` does not hold a stream up for minutes. Dead is known two ways:
- on PostgreSQL the holder also keeps a session-level advisory lock on its own database
  session; the database drops it the moment the holder's process dies (its connection
  closes). The row's holder ends in SESSION_MARK when it has one, so a holder without
  one (it took over while an old session lingered) is never judged by it;
- everywhere, a holder on this very host whose process is gone (the holder names its
  host and pid; a recycled pid only makes us wait for the lease, never overlap).
Either way the row's holder column stays the fence: a run that was wrongly judged dead
fails its next renewal (LockLost) before it commits anything.

Why not a Redis lock: the rows and the cursor live in the database, so the lock that
guards them lives there too - one source of truth, fenced by the same transaction that
commits the page - and it works on the embedded default (SQLite, no Redis server).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import socket
import uuid
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import Q
from django.utils import timezone

from kassalink.sync import conf
from kassalink.sync.models import SyncLock, SyncRun

# The first key of our advisory locks (the second is the SyncLock's id): "kl" + "sync".
ADVISORY_CLASS = 0x6B6C5359
SESSION_MARK = "#pg"


class LockLost(Exception):
    """Our lease ran out and another run took the lock over: stop without committing."""


@dataclass(frozen=True)
class Lease:
    lock_id: int
    holder: str  # as stored in the row (with SESSION_MARK when `session` holds a lock)
    taken_over_run_id: int | None = None  # the dead run whose lease we took
    # PostgreSQL: the database session holding our advisory lock, open for the lease.
    session: object | None = field(default=None, compare=False, repr=False)


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
    session = _advisory_session(lock.pk)
    now = timezone.now()
    free = Q(holder="") | Q(expires_at__lt=now)
    current = SyncLock.objects.filter(pk=lock.pk).values_list("holder", flat=True).first()
    # Our advisory lock proves a holder that had a session dead; a gone pid, any holder.
    if current and ((session is not None and current.endswith(SESSION_MARK)) or _is_dead(current)):
        free |= Q(holder=current)  # only that holder: a newer one is not judged here
    stored = holder + SESSION_MARK if session is not None else holder
    with transaction.atomic():
        previous = SyncLock.objects.filter(pk=lock.pk).values_list("holder", "run_id").first()
        claimed = SyncLock.objects.filter(free, pk=lock.pk).update(
            holder=stored,
            run=run,
            claimed_at=now,
            expires_at=now + dt.timedelta(seconds=conf.lock_lease_seconds()),
        )
    if not claimed:
        _close(session)
        return None
    was_held = previous is not None and previous[0] != ""
    return Lease(
        lock.pk, stored, taken_over_run_id=previous[1] if was_held else None, session=session
    )


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
    try:
        SyncLock.objects.filter(pk=lease.lock_id, holder=lease.holder).update(
            holder="", run=None, expires_at=None
        )
    finally:
        _close(lease.session)


def is_held(connection_id: int, stream: str, now: dt.datetime | None = None) -> bool:
    """True while a live run holds the lock (unexpired, and not known dead)."""
    now = now or timezone.now()
    row = (
        SyncLock.objects.filter(connection_id=connection_id, stream=stream, expires_at__gte=now)
        .values_list("pk", "holder")
        .first()
    )
    return row is not None and not _holder_gone(*row)


def seconds_left(connection_id: int, stream: str) -> int:
    """Whole seconds until the current lease runs out (0 when the lock is free)."""
    row = (
        SyncLock.objects.filter(connection_id=connection_id, stream=stream)
        .values_list("pk", "holder", "expires_at")
        .first()
    )
    if row is None or row[2] is None or _holder_gone(row[0], row[1]):
        return 0
    expires = row[2]
    return max(0, math.ceil((expires - timezone.now()).total_seconds()))


# --- is the holder still there? ------------------------------------------------------


def _is_dead(holder: str) -> bool:
    """True only when `holder` ("host:pid:random") ran on this host in a process that is
    gone (or a zombie); anything we cannot tell is taken as alive."""
    parts = holder.removesuffix(SESSION_MARK).split(":")
    if len(parts) != 3 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False  # another thread of this process: alive by definition
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False
    with contextlib.suppress(OSError, IndexError), open(f"/proc/{pid}/stat", "rb") as stat:
        return stat.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    return False


def _holder_gone(lock_id: int, holder: str) -> bool:
    """Whether the row's holder is known dead, by its pid or its session (PostgreSQL)."""
    if _is_dead(holder):
        return True
    if holder.endswith(SESSION_MARK) and connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND classid = %s AND objid = %s AND objsubid = 2",
                [ADVISORY_CLASS, lock_id],
            )
            return cursor.fetchone() is None
    return False


def _advisory_session(lock_id: int) -> object | None:
    """On PostgreSQL, a database session of its own that holds the advisory lock of
    `lock_id`, or None: when another live session holds it, or on another database.

    Its own session, not Django's, so that nothing closing Django's connection between
    pages (CONN_MAX_AGE, close_old_connections) drops the lock of a live run."""
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        return None
    session = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with session.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [ADVISORY_CLASS, lock_id])
            (taken,) = cursor.fetchone()
        if not session.get_autocommit():
            session.commit()
    except Exception:
        _close(session)
        raise
    if taken:
        OPEN_SESSIONS.add(session)
        return session
    _close(session)
    return None


# Sessions holding a lease's advisory lock, until release() closes them (tests close
# what a test left open).
OPEN_SESSIONS: set = set()


def _close(session: object | None) -> None:
    """Close an advisory session: the database drops its lock with it."""
    if session is not None:
        OPEN_SESSIONS.discard(session)
        with contextlib.suppress(Exception):
            session.close()


def close_sessions() -> None:
    """Close every advisory session still open in this process (tests)."""
    for session in list(OPEN_SESSIONS):
        _close(session)
