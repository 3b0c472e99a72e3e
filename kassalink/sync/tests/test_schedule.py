"""Which runs beat queues: due by interval, only active connections, never twice."""

import datetime as dt

from django.utils import timezone

from kassalink.sync import locks, schedule
from kassalink.sync.models import SyncState

T0 = dt.datetime(2026, 3, 30, 8, 0, tzinfo=dt.UTC)


def due(at: dt.datetime) -> set[tuple[int, str]]:
    return set(schedule.due_runs(at))


def test_every_stream_of_an_active_connection_is_due_at_first(alice):
    assert due(T0) == {(alice.pk, s) for s in ("receipts", "employees", "clock_times", "turnover")}


def test_turnover_only_when_enabled(alice):
    alice.turnover_settings.enabled = False
    alice.turnover_settings.save()

    assert (alice.pk, "turnover") not in due(T0)


def test_streams_come_due_again_after_their_interval(alice, settings):
    settings.KASSALINK_SYNC_INTERVAL_CLOCK_TIMES = 300
    due(T0)
    for stream in ("receipts", "turnover", "clock_times", "employees"):
        schedule.mark_started(alice.pk, stream)

    assert due(T0 + dt.timedelta(seconds=20)) == set()
    assert due(T0 + dt.timedelta(seconds=30)) == {(alice.pk, "receipts")}
    schedule.mark_started(alice.pk, "receipts")
    assert due(T0 + dt.timedelta(seconds=60)) == {(alice.pk, "receipts"), (alice.pk, "turnover")}
    schedule.mark_started(alice.pk, "receipts")
    schedule.mark_started(alice.pk, "turnover")
    assert (alice.pk, "clock_times") in due(T0 + dt.timedelta(seconds=300))
    assert (alice.pk, "employees") in due(T0 + dt.timedelta(hours=1))


def test_a_tick_that_starts_a_little_early_still_finds_the_stream_due(alice):
    due(T0 + dt.timedelta(seconds=2))  # this tick's task waited 2 s in the queue
    schedule.mark_started(alice.pk, "receipts")

    # The next tick, 30 s after the first, waited only 1 s: receipts run again.
    assert (alice.pk, "receipts") in due(T0 + dt.timedelta(seconds=31))


def test_a_queued_run_not_yet_started_is_not_queued_again(alice):
    due(T0)  # queued, no worker picked it up yet

    later = T0 + dt.timedelta(minutes=5)
    assert due(later) == set()
    # ... unless the queue lost it: after the stale time it is queued once more.
    lost = T0 + dt.timedelta(minutes=16)
    assert (alice.pk, "receipts") in due(lost)
    assert due(lost) == set()


def test_a_running_stream_is_not_queued_behind_itself(alice):
    due(T0)
    schedule.mark_started(alice.pk, "receipts")
    locks.claim(alice.pk, "receipts", "busy-worker")

    now = timezone.now() + dt.timedelta(minutes=2)
    assert (alice.pk, "receipts") not in due(now)


def test_paused_and_broken_connections_are_not_scheduled(alice, bob):
    alice.status = alice.Status.PAUSED
    alice.save()
    bob.status = bob.Status.NEEDS_ATTENTION
    bob.save()

    assert due(T0) == set()


def test_two_beats_at_once_queue_each_run_once(alice):
    first, second = due(T0), due(T0)

    assert len(first) == 4 and second == set()
    assert SyncState.objects.filter(connection=alice, queued_at=T0).count() == 4


def test_turnover_interval_is_capped_at_fifteen_minutes(settings):
    from kassalink.sync import conf

    settings.KASSALINK_SYNC_INTERVAL_TURNOVER = 3600
    assert conf.interval_seconds("turnover") == 900


def test_the_beat_tick_is_installed(settings):
    from kassalink.celery import app

    entry = app.conf.beat_schedule["kassalink-sync-enqueue-due-runs"]
    assert entry["task"] == "kassalink.sync.enqueue_due_runs"
    # The shortest interval (receipts, 30 s), so a sale waits at most one tick.
    assert entry["schedule"] == 30.0
