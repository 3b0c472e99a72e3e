"""The Celery tasks: retries for transient errors only, sync now, the beat tick."""

import pytest
from celery.exceptions import Retry

from kassalink.mplus.errors import MplusFault, MplusUnavailable
from kassalink.sync import locks, tasks
from kassalink.sync.models import SyncRun


def test_a_transient_error_is_retried_three_times_then_given_up(alice, fake_stream):
    fake_stream(fetch_error=MplusUnavailable("down"))

    result = tasks.run_stream_task.apply(args=(alice.pk, "fake", "schedule"))

    assert isinstance(result.result, MplusUnavailable)
    assert SyncRun.objects.filter(status=SyncRun.Status.FAILED).count() == 4  # 1 + 3 retries


def test_other_errors_are_not_retried(alice, fake_stream):
    fake_stream(fetch_error=MplusFault("getReceipts", "E", "no"))

    tasks.run_stream_task.apply(args=(alice.pk, "fake", "schedule"))

    assert SyncRun.objects.count() == 1


def test_a_scheduled_task_for_a_stopped_connection_does_nothing(alice, fake_stream):
    alice.status = alice.Status.NEEDS_ATTENTION
    alice.save()

    assert tasks.run_stream_task.apply(args=(alice.pk, "fake", "schedule")).result is None
    assert not SyncRun.objects.exists()


def test_sync_now_queues_every_enabled_stream(alice, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.run_stream_task, "delay", lambda *args: queued.append(args))
    alice.turnover_settings.enabled = False
    alice.turnover_settings.save()

    assert tasks.sync_now(alice.pk) == ["receipts", "employees", "clock_times"]
    assert tasks.sync_now(alice.pk, "receipts", "api") == ["receipts"]
    assert queued[-1] == (alice.pk, "receipts", "api")


def test_the_beat_tick_queues_what_is_due(alice, bob, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.run_stream_task, "delay", lambda *args: queued.append(args))

    assert tasks.enqueue_due_runs() == 8
    assert tasks.enqueue_due_runs() == 0
    assert {args[2] for args in queued} == {"schedule"}


@pytest.mark.parametrize(
    "delivery_info",
    [{"redelivered": True}, {"redelivered": False}, None],
    ids=["redelivered", "first-delivery", "called-directly"],
)
def test_a_redelivered_task_that_finds_a_lease_comes_back_when_it_runs_out(
    alice, fake_stream, monkeypatch, settings, delivery_info
):
    # A worker died mid-run: its lease (60 s here) still holds the lock when the broker
    # hands the task out again. A first delivery finding the lock held is a duplicate of
    # a live run's work and simply ends as skipped; so does a call outside a worker.
    settings.KASSALINK_SYNC_LOCK_LEASE = 60
    fake_stream()
    assert locks.claim(alice.pk, "fake", "dead-worker") is not None
    redelivered = bool(delivery_info and delivery_info["redelivered"])
    retried = {}

    def retry(**options):
        retried.update(options)
        return Retry()

    monkeypatch.setattr(tasks.run_stream_task, "retry", retry)
    tasks.run_stream_task.push_request(delivery_info=delivery_info)
    try:
        if redelivered:
            with pytest.raises(Retry):
                tasks.run_stream_task.run(alice.pk, "fake", "manual")
        else:
            assert tasks.run_stream_task.run(alice.pk, "fake", "manual") is not None
    finally:
        tasks.run_stream_task.pop_request()

    assert SyncRun.objects.get().status == SyncRun.Status.SKIPPED_LOCKED
    assert (58 <= retried["countdown"] <= 61) if redelivered else not retried
