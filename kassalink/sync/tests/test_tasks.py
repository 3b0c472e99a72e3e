"""The Celery tasks: retries for transient errors only, sync now, the beat tick."""

from kassalink.mplus.errors import MplusFault, MplusUnavailable
from kassalink.sync import tasks
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
    alice.turnover_enabled = False
    alice.save()

    assert tasks.sync_now(alice.pk) == ["receipts", "employees", "clock_times"]
    assert tasks.sync_now(alice.pk, "receipts", "api") == ["receipts"]
    assert queued[-1] == (alice.pk, "receipts", "api")


def test_the_beat_tick_queues_what_is_due(alice, bob, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.run_stream_task, "delay", lambda *args: queued.append(args))

    assert tasks.enqueue_due_runs() == 8
    assert tasks.enqueue_due_runs() == 0
    assert {args[2] for args in queued} == {"schedule"}
