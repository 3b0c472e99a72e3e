"""The real streams against the simulator, with the domain apps' real importers."""

import datetime as dt

import pytest

from kassalink.receipts.models import Receipt
from kassalink.sync.models import SyncRun, SyncState
from kassalink.sync.runner import AUTH_REASON, run_stream
from kassalink.sync.streams import STREAMS, ClockTimesStream
from kassalink.workforce.models import PosEmployee, PosShift


@pytest.fixture
def linked(alice, simulator, settings):
    """Alice's connection pointed at the simulator; small pages to exercise paging."""
    sim, client = simulator
    settings.KASSALINK_SYNC_PAGE_SIZE = 40
    alice.port = client.port
    alice.save()
    return alice, sim, client


def sim_receipts(client) -> dict[str, int]:
    return {r.receipt_id: r.sync_marker for r in client.iter_receipts(page_size=500)}


def test_receipts_are_imported_once_with_the_cursor_at_the_last_marker(linked):
    alice, sim, client = linked

    first = run_stream(alice.pk, "receipts", SyncRun.Trigger.CLI)

    expected = sim_receipts(client)
    assert first.status == SyncRun.Status.SUCCEEDED, first.error
    assert first.pages > 3 and first.created == len(expected)
    stored = dict(Receipt.objects.filter(connection=alice).values_list("mplus_id", "sync_marker"))
    assert stored == expected
    state = SyncState.objects.get(connection=alice, stream="receipts")
    assert state.cursor == {"sync_marker": max(expected.values())}
    assert state.newest_data_at is not None

    sim.advance(minutes=120)
    second = run_stream(alice.pk, "receipts", SyncRun.Trigger.CLI)

    expected = sim_receipts(client)
    assert second.status == SyncRun.Status.SUCCEEDED, second.error
    assert 0 < second.created + second.updated < len(expected)
    stored = dict(Receipt.objects.filter(connection=alice).values_list("mplus_id", "sync_marker"))
    assert stored == expected


def test_a_short_outage_is_ridden_out_by_the_client(linked):
    alice, sim, _ = linked
    sim.faults.add("getReceipts", "http_503", times=2)

    run = run_stream(alice.pk, "receipts", SyncRun.Trigger.CLI)

    assert run.status == SyncRun.Status.SUCCEEDED, run.error


def test_wrong_credentials_put_the_connection_on_needs_attention(linked):
    alice, sim, _ = linked
    sim.faults.add("getReceipts", "wrong_credentials", times=1)

    run = run_stream(alice.pk, "receipts", SyncRun.Trigger.SCHEDULE)

    alice.refresh_from_db()
    assert run.status == SyncRun.Status.FAILED and run.error == AUTH_REASON
    assert alice.status == alice.Status.NEEDS_ATTENTION
    assert "demo" not in run.error


def test_employees_and_clock_times(linked, monkeypatch):
    alice, sim, _ = linked
    today = sim.now.date()
    monkeypatch.setitem(STREAMS, "clock_times", ClockTimesStream(today=lambda: today))

    employees = run_stream(alice.pk, "employees", SyncRun.Trigger.CLI)
    shifts = run_stream(alice.pk, "clock_times", SyncRun.Trigger.CLI)
    again = run_stream(alice.pk, "clock_times", SyncRun.Trigger.CLI)

    assert employees.status == SyncRun.Status.SUCCEEDED, employees.error
    assert employees.created == len(sim.employees) == PosEmployee.objects.count()
    assert shifts.status == SyncRun.Status.SUCCEEDED, shifts.error
    # No employee is mapped yet: every shift is mirrored, and skipped for the timesheets.
    assert shifts.skipped > 0 and PosShift.objects.count() == shifts.skipped
    assert again.created == 0  # the re-read window finds the same shifts: no doubles
    # Every day from the first run's start (three days back) through today has been read.
    first_day = today - dt.timedelta(days=3)
    assert again.cursor_after == {"since": first_day.isoformat(), "through": today.isoformat()}
