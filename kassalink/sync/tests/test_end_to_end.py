"""The real streams against the simulator, with the domain apps' real importers."""

import datetime as dt
import threading

import pytest

from kassalink.receipts.imports import import_receipts
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


# --- reading ahead: the next page is fetched while one is written ---------------------

# What the recording importer saw, page by page: the cursor committed before the page
# (read inside the page's transaction), the page's receipts and whether a thread was
# reading ahead meanwhile.
APPLIED: list[tuple[dict, dict[str, int], bool]] = []
FAIL_ON_PAGE = 0


def record_then_import(connection, receipts, orders=()):
    """The real importer, noting each page; page FAIL_ON_PAGE (from 1) fails after its rows."""
    cursor = SyncState.objects.get(connection=connection, stream="receipts").cursor
    page = {r.receipt_id: r.sync_marker for r in receipts}
    APPLIED.append((cursor, page, bool(read_ahead_threads())))
    result = import_receipts(connection, receipts, orders)
    if len(APPLIED) == FAIL_ON_PAGE:
        raise RuntimeError(f"page {FAIL_ON_PAGE} refused")
    return result


@pytest.fixture
def recorded(linked, settings, monkeypatch):
    monkeypatch.setattr(f"{__name__}.APPLIED", [])
    monkeypatch.setattr(f"{__name__}.FAIL_ON_PAGE", 0)
    settings.KASSALINK_SYNC_IMPORTER_RECEIPTS = f"{__name__}.record_then_import"
    return linked


def read_ahead_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "read-ahead"]


@pytest.mark.parametrize("ahead", [1, 0], ids=["read-ahead", "no-read-ahead"])
def test_receipts_read_ahead_or_not_import_every_receipt_once_page_by_page(
    recorded, settings, ahead
):
    settings.KASSALINK_SYNC_READ_AHEAD = ahead
    alice, _, client = recorded

    run = run_stream(alice.pk, "receipts", SyncRun.Trigger.CLI)

    expected = sim_receipts(client)
    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    assert run.pages == len(APPLIED) > 3 and run.created == len(expected)
    # The first page is written while the second is fetched (with more pages to come).
    assert APPLIED[0][2] is bool(ahead)
    seen = [receipt for _, page, _ in APPLIED for receipt in page]
    assert len(seen) == len(set(seen)) and set(seen) == set(expected)  # each once
    # Each page was written on top of exactly the cursor the page before it left.
    cursors = [cursor for cursor, _, _ in APPLIED]
    after_each = [{"sync_marker": max(page.values())} for _, page, _ in APPLIED]
    assert cursors == [{}, *after_each[:-1]]
    assert run.cursor_after == after_each[-1] == {"sync_marker": max(expected.values())}
    stored = dict(Receipt.objects.filter(connection=alice).values_list("mplus_id", "sync_marker"))
    assert stored == expected
    assert read_ahead_threads() == []


def test_a_page_failing_with_the_next_read_ahead_leaves_the_page_before_committed(
    recorded, monkeypatch
):
    monkeypatch.setattr(f"{__name__}.FAIL_ON_PAGE", 2)
    alice, _, _ = recorded

    run = run_stream(alice.pk, "receipts", SyncRun.Trigger.CLI)

    assert run.status == SyncRun.Status.FAILED and "page 2 refused" in run.error
    first_page = APPLIED[0][1]
    assert APPLIED[1][2]  # page 3 was being read ahead while page 2 failed
    stored = dict(Receipt.objects.filter(connection=alice).values_list("mplus_id", "sync_marker"))
    assert stored == first_page  # page 2 rolled back whole
    after_first = {"sync_marker": max(first_page.values())}
    assert SyncState.objects.get(connection=alice, stream="receipts").cursor == after_first
    assert run.cursor_after == after_first and run.pages == 1
    assert read_ahead_threads() == []  # the page fetched ahead was let go with its thread

    monkeypatch.setattr(f"{__name__}.FAIL_ON_PAGE", 0)
    again = run_stream(alice.pk, "receipts", SyncRun.Trigger.CLI)
    assert again.status == SyncRun.Status.SUCCEEDED, again.error
    assert again.cursor_before == after_first  # the next run fetches page 2 again
