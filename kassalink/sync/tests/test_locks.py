"""The lease lock: one holder at a time, takeover after expiry, renewal by a live run."""

import datetime as dt

import pytest
from django.utils import timezone

from kassalink.sync import locks
from kassalink.sync.models import SyncLock


def test_only_the_first_of_two_claims_gets_the_lock(alice):
    first = locks.claim(alice.pk, "receipts", "worker-a")
    second = locks.claim(alice.pk, "receipts", "worker-b")

    assert first is not None and second is None
    assert locks.is_held(alice.pk, "receipts")


def test_streams_and_connections_lock_separately(alice, bob):
    assert locks.claim(alice.pk, "receipts", "a")
    assert locks.claim(alice.pk, "employees", "b")
    assert locks.claim(bob.pk, "receipts", "c")


def test_a_released_lock_can_be_claimed_again(alice):
    lease = locks.claim(alice.pk, "receipts", "worker-a")
    locks.release(lease)

    assert locks.claim(alice.pk, "receipts", "worker-b") is not None


def test_an_expired_lease_is_taken_over_and_the_old_holder_cannot_renew(alice):
    dead = locks.claim(alice.pk, "receipts", "dead-worker")
    SyncLock.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    alive = locks.claim(alice.pk, "receipts", "live-worker")

    assert alive is not None
    with pytest.raises(locks.LockLost):
        locks.renew(dead)
    locks.release(dead)  # a late release by the dead holder leaves the new lock alone
    assert SyncLock.objects.get().holder == "live-worker"


def test_a_heartbeat_keeps_the_lease_alive(alice, settings):
    settings.KASSALINK_SYNC_LOCK_LEASE = 60
    lease = locks.claim(alice.pk, "receipts", "worker-a")
    SyncLock.objects.update(expires_at=timezone.now() + dt.timedelta(seconds=1))

    locks.renew(lease)

    expires = SyncLock.objects.get().expires_at
    assert expires > timezone.now() + dt.timedelta(seconds=50)
    assert locks.claim(alice.pk, "receipts", "worker-b") is None


# --- a killed holder (issue #11) ------------------------------------------------------


@pytest.fixture
def process():
    """A real process of this host, killed (SIGKILL) and reaped on demand."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield child
    child.kill()
    child.wait(10)


def holder_of(child) -> str:
    import socket

    return f"{socket.gethostname()}:{child.pid}:deadbeef0000"


def test_a_holder_killed_with_sigkill_is_taken_over_at_once(alice, process):
    import signal

    dead = locks.claim(alice.pk, "receipts", holder_of(process))
    assert locks.claim(alice.pk, "receipts", "next-run") is None  # alive: no overlap
    process.send_signal(signal.SIGKILL)
    process.wait(10)

    assert not locks.is_held(alice.pk, "receipts")
    assert locks.seconds_left(alice.pk, "receipts") == 0
    taken = locks.claim(alice.pk, "receipts", "next-run")  # well inside its 300 s lease
    assert taken is not None
    with pytest.raises(locks.LockLost):
        locks.renew(dead)
    locks.release(taken)
    locks.release(dead)


def test_a_live_holder_on_this_host_keeps_its_lease(alice, process):
    lease = locks.claim(alice.pk, "receipts", holder_of(process))
    assert locks.is_held(alice.pk, "receipts")
    assert locks.claim(alice.pk, "receipts", "next-run") is None
    locks.release(lease)


def test_a_holder_on_another_host_is_not_judged_by_our_pids(alice):
    locks.claim(alice.pk, "receipts", "elsewhere.example:1:deadbeef0000")
    assert locks.claim(alice.pk, "receipts", "next-run") is None


def test_a_holder_whose_database_session_ended_is_taken_over_at_once(alice):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's")
    dead = locks.claim(alice.pk, "receipts", "elsewhere.example:1:deadbeef0000")
    assert dead.session is not None and dead.holder.endswith(locks.SESSION_MARK)
    assert locks.claim(alice.pk, "receipts", "next-run") is None  # its session lives
    with dead.session.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    dead.session.close()  # what the database sees when the holder's process dies
    # The server ends the backend (and drops its locks) a moment after the client goes;
    # "at once" means as soon as the session has ended there, not before.
    _wait_until_backend_gone(backend)

    assert not locks.is_held(alice.pk, "receipts")
    taken = locks.claim(alice.pk, "receipts", "next-run")
    assert taken is not None and taken.session is not None
    locks.release(taken)
    locks.release(dead)


def _wait_until_backend_gone(pid: int, deadline: float = 10.0) -> None:
    import time

    from django.db import connection

    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        with connection.cursor() as cursor:
            # The test runs in a transaction, which keeps the first look at the backends
            # for its whole length (it saw the ended one still there in one CI run).
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() is None:
                return
        time.sleep(0.01)
    raise AssertionError(f"PostgreSQL backend {pid} still there after {deadline} s")
