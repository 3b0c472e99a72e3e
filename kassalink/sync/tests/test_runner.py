"""The runner on a fake stream: cursor saved with its rows, rollback of a failing page, resume."""

import pytest

from kassalink.mplus.errors import MplusFault
from kassalink.sync import locks
from kassalink.sync.models import SyncLock, SyncRun, SyncState
from kassalink.sync.runner import DEAD_WORKER, run_stream
from kassalink.sync.tests import fakes


def cursor(connection) -> dict:
    return SyncState.objects.get(connection=connection, stream="fake").cursor


def test_a_run_imports_every_page_and_saves_the_last_cursor(alice, fake_stream):
    fake_stream(count=10, page_size=3)

    run = run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)

    assert run.status == SyncRun.Status.SUCCEEDED
    assert (run.created, run.skipped, run.pages) == (10, 0, 4)
    assert run.cursor_before == {} and run.cursor_after == {"sync_marker": 10}
    assert fakes.imported(alice) == list(range(1, 11))
    assert cursor(alice) == {"sync_marker": 10}
    assert SyncState.objects.get(connection=alice, stream="fake").last_success_at is not None
    assert SyncLock.objects.get(connection=alice, stream="fake").holder == ""


def test_an_importer_failing_mid_page_leaves_neither_rows_nor_cursor_of_that_page(
    alice, fake_stream
):
    fake_stream(count=10, page_size=3)
    fakes.EXPLODE_ON.add(5)  # second page is 4, 5, 6: item 4 is written, then 5 raises

    run = run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)

    assert run.status == SyncRun.Status.FAILED
    assert run.error == "Explode: importer refused item 5"
    assert fakes.imported(alice) == [1, 2, 3]  # not 4: its page rolled back whole
    assert cursor(alice) == {"sync_marker": 3}
    assert run.cursor_after == {"sync_marker": 3} and run.created == 3


def test_the_next_run_resumes_after_the_last_committed_page(alice, fake_stream):
    fake_stream(count=10, page_size=3)
    fakes.EXPLODE_ON.add(5)
    run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)
    fakes.EXPLODE_ON.clear()
    stream = fake_stream(count=10, page_size=3)

    run = run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)

    assert run.status == SyncRun.Status.SUCCEEDED
    assert stream.fetched[0] == [4, 5, 6]  # nothing before the cursor asked again
    assert run.cursor_before == {"sync_marker": 3} and run.created == 7
    assert fakes.imported(alice) == list(range(1, 11))


def test_a_run_with_nothing_new_succeeds_with_zero_counts(alice, fake_stream):
    fake_stream(count=4)
    run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)

    run = run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)

    assert run.status == SyncRun.Status.SUCCEEDED
    assert (run.created, run.pages) == (0, 0)
    assert run.cursor_before == run.cursor_after == {"sync_marker": 4}


def test_a_held_lock_records_a_skipped_run_and_imports_nothing(alice, fake_stream):
    assert locks.claim(alice.pk, "fake", "elsewhere:1:x")

    run = run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)

    assert run.status == SyncRun.Status.SKIPPED_LOCKED
    assert run.finished is not None
    assert fakes.imported(alice) == []


def test_a_run_takes_over_an_expired_lock_and_closes_the_dead_run(alice, fake_stream, settings):
    settings.KASSALINK_SYNC_LOCK_LEASE = 1
    dead = SyncRun.objects.create(
        connection=alice, stream="fake", trigger="schedule", started="2026-01-01T00:00Z"
    )
    locks.claim(alice.pk, "fake", "dead:1:x", dead)
    SyncLock.objects.filter(connection=alice).update(expires_at="2026-01-01T00:00Z")

    run = run_stream(alice.pk, "fake", SyncRun.Trigger.SCHEDULE)

    assert run.status == SyncRun.Status.SUCCEEDED
    dead.refresh_from_db()
    assert dead.status == SyncRun.Status.FAILED and dead.error == DEAD_WORKER


def test_a_fault_from_mplus_fails_the_run_with_a_readable_error(alice, fake_stream):
    fake_stream(count=10, fetch_error=MplusFault("getReceipts", "E1", "nope"), fail_after=3)

    run = run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)

    assert run.status == SyncRun.Status.FAILED
    assert run.error == "MplusFault: getReceipts: SOAP fault [E1] nope"
    assert cursor(alice) == {"sync_marker": 3}


def test_each_tenant_has_its_own_cursor(alice, bob, fake_stream):
    fake_stream(count=5)
    run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)

    run = run_stream(bob.pk, "fake", SyncRun.Trigger.CLI)

    assert run.created == 5 and cursor(bob) == {"sync_marker": 5}


@pytest.mark.django_db
def test_unknown_stream_names_the_valid_ones(alice):
    from kassalink.sync.streams import UnknownStream

    with pytest.raises(UnknownStream, match="valid streams: receipts, employees"):
        run_stream(alice.pk, "nope", SyncRun.Trigger.CLI)
