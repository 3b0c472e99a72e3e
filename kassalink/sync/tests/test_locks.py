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
