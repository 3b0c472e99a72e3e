"""The receipts backfill: planning, windows, the tail's cutover, resuming, sweeping."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Iterator

import pytest
from django.utils import timezone

from kassalink.connections.actions import do_activate_connection, do_update_connection
from kassalink.connections.models import Connection
from kassalink.mplus.simulator import Simulator, serve_in_thread
from kassalink.receipts.models import Receipt
from kassalink.sync import backfill, locks
from kassalink.sync.backfill_progress import backfill_progress
from kassalink.sync.backfill_run import RetryLater, run_window
from kassalink.sync.models import Backfill, BackfillWindow, SyncState
from kassalink.sync.runner import run_stream
from kassalink.tests.pos_fixtures import SIMULATOR_START

TODAY = SIMULATOR_START.date()  # 2026-03-30


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Window ids queued for a worker (no broker in these tests)."""
    ids: list[int] = []
    monkeypatch.setattr(backfill, "enqueue_window", ids.append)
    return ids


@pytest.fixture
def history(alice) -> Iterator[tuple[Connection, Simulator]]:
    """Alice's link to an account with 6 days of history (about 400 receipts a day)."""
    sim = Simulator(seed=3, start=SIMULATOR_START, history_days=6)
    with serve_in_thread(sim, port=0) as server:
        alice.port = server.port
        alice.history_from = sim.first_day
        alice.save()
        yield alice, sim


def sim_receipts(sim: Simulator, since: dt.date) -> dict[str, int]:
    """Every receipt the POS has from `since` on, at its current sync marker."""
    return {r.receipt_id: r.sync_marker for r in sim.receipts_from(0) if r.financial_date >= since}


def stored(connection: Connection) -> dict[str, int]:
    rows = Receipt.objects.filter(connection=connection).values_list("mplus_id", "sync_marker")
    return dict(rows)


def run_all(window_ids) -> None:
    for window_id in window_ids:
        assert run_window(window_id) == BackfillWindow.Status.DONE


class FakeClient:
    """Only what planning asks: the POS's current receipt sync marker."""

    def __init__(self, marker: int) -> None:
        self.marker = marker

    def get_current_sync_markers(self):
        return type("Markers", (), {"receipt": self.marker})()


# --- planning ------------------------------------------------------------------------


def covered_days(connection: Connection) -> list[dt.date]:
    days = []
    for window in BackfillWindow.objects.filter(backfill__connection=connection):
        days += [window.from_date + dt.timedelta(days=n) for n in range(window.days)]
    return sorted(days)


def every_day(start: dt.date, through: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((through - start).days + 1)]


def test_windows_cover_each_day_from_history_from_through_the_cutover_once(
    alice, queued, django_capture_on_commit_callbacks
):
    alice.history_from = dt.date(2025, 3, 30)
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        plan = backfill.plan_backfill(alice, today=TODAY, client=FakeClient(7000))

    assert (plan.from_date, plan.through_date, plan.cutover_marker) == (
        dt.date(2025, 3, 30),
        TODAY,
        7000,
    )
    assert covered_days(alice) == every_day(dt.date(2025, 3, 30), TODAY)  # no gap, no overlap
    windows = BackfillWindow.objects.filter(backfill=plan)
    assert max(w.days for w in windows) == 7  # a year: week-long windows
    assert 50 <= windows.count() <= 54
    assert sorted(queued) == sorted(w.pk for w in windows)
    # The live stream starts after the cutover instead of reading the whole history.
    assert SyncState.objects.get(connection=alice, stream="receipts").cursor == {
        "sync_marker": 7000
    }


def test_a_short_history_gets_day_windows_so_workers_can_share_it(alice, queued):
    alice.history_from = TODAY - dt.timedelta(days=9)
    alice.save()
    backfill.plan_backfill(alice, today=TODAY, client=FakeClient(1))
    assert [w.days for w in BackfillWindow.objects.filter(backfill__connection=alice)] == [1] * 10


def test_planning_again_adds_nothing_and_an_earlier_date_adds_only_the_extra_days(
    alice, queued, django_capture_on_commit_callbacks
):
    alice.history_from = dt.date(2026, 1, 1)
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        backfill.plan_backfill(alice, today=TODAY, client=FakeClient(500))
    first = set(BackfillWindow.objects.values_list("pk", "from_date", "through_date"))
    queued.clear()

    with django_capture_on_commit_callbacks(execute=True):
        # A day later, and the POS moved on: the plan stands.
        backfill.plan_backfill(alice, today=TODAY + dt.timedelta(days=1), client=FakeClient(900))
    assert set(BackfillWindow.objects.values_list("pk", "from_date", "through_date")) == first
    assert queued == []

    alice.history_from = dt.date(2025, 12, 1)
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        plan = backfill.plan_backfill(alice, today=TODAY, client=FakeClient(900))
    added = BackfillWindow.objects.exclude(pk__in=[pk for pk, *_ in first])
    assert sorted(queued) == sorted(w.pk for w in added)
    assert min(w.from_date for w in added) == dt.date(2025, 12, 1)
    assert max(w.through_date for w in added) == dt.date(2025, 12, 31)
    assert covered_days(alice) == every_day(dt.date(2025, 12, 1), TODAY)
    assert plan.cutover_marker == 500  # the tail's starting point never moves
    assert SyncState.objects.get(connection=alice, stream="receipts").cursor == {"sync_marker": 500}


def test_a_later_date_drops_the_windows_not_done_before_it_and_an_earlier_one_fills_the_gap(
    alice, queued, django_capture_on_commit_callbacks
):
    alice.history_from = dt.date(2026, 3, 1)  # 30 days: day windows
    alice.save()
    backfill.plan_backfill(alice, today=TODAY, client=FakeClient(500))
    windows = BackfillWindow.objects.filter(backfill__connection=alice)
    # A worker has done the first days and the newest one so far.
    early_done = windows.filter(through_date__lte=dt.date(2026, 3, 3))
    early_done.update(status=BackfillWindow.Status.DONE, received=10)
    windows.filter(from_date=TODAY).update(status=BackfillWindow.Status.DONE, received=10)
    windows.filter(from_date=dt.date(2026, 3, 4)).update(status=BackfillWindow.Status.RUNNING)
    queued.clear()

    alice.history_from = dt.date(2026, 3, 20)
    alice.save()
    plan = backfill.plan_backfill(alice, today=TODAY, client=FakeClient(900))

    # Days 4-19 are no longer wanted (the running window too: its worker stops); days
    # done stay done, with their receipts.
    assert covered_days(alice) == [
        *every_day(dt.date(2026, 3, 1), dt.date(2026, 3, 3)),
        *every_day(dt.date(2026, 3, 20), TODAY),
    ]
    assert queued == []
    progress = backfill_progress(plan)
    assert (progress.days_total, progress.days_done) == (14, 4)
    assert plan.from_date == dt.date(2026, 3, 1)

    alice.history_from = dt.date(2026, 3, 10)
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        plan = backfill.plan_backfill(alice, today=TODAY, client=FakeClient(900))
    # Only the missing days come back; nothing is planned twice.
    added = BackfillWindow.objects.filter(pk__in=queued)
    assert sorted(w.from_date for w in added) == every_day(
        dt.date(2026, 3, 10), dt.date(2026, 3, 19)
    )
    assert covered_days(alice) == [
        *every_day(dt.date(2026, 3, 1), dt.date(2026, 3, 3)),
        *every_day(dt.date(2026, 3, 10), TODAY),
    ]
    assert plan.finished_at is None


def test_a_later_date_after_everything_left_is_done_finishes_the_backfill(alice, queued):
    alice.history_from = TODAY - dt.timedelta(days=9)
    alice.save()
    plan = backfill.plan_backfill(alice, today=TODAY, client=FakeClient(1))
    windows = BackfillWindow.objects.filter(backfill=plan)
    windows.filter(from_date__gte=TODAY - dt.timedelta(days=2)).update(
        status=BackfillWindow.Status.DONE
    )

    alice.history_from = TODAY - dt.timedelta(days=2)
    alice.save()
    plan = backfill.plan_backfill(alice, today=TODAY, client=FakeClient(1))

    assert plan.finished_at is not None
    assert backfill_progress(plan).percent == 100
    assert covered_days(alice) == every_day(TODAY - dt.timedelta(days=2), TODAY)


def test_activating_with_history_from_plans_the_backfill(
    alice, monkeypatch, django_capture_on_commit_callbacks
):
    from kassalink.sync import tasks

    planned = []
    monkeypatch.setattr(tasks.plan_backfill_task, "delay", planned.append)
    Connection.objects.filter(pk=alice.pk).update(status=Connection.Status.DRAFT)
    alice.refresh_from_db()
    do_update_connection(alice, {"history_from": dt.date(2026, 1, 1)})
    assert planned == []  # not active yet: nothing to fetch
    with django_capture_on_commit_callbacks(execute=True):
        alice = do_activate_connection(alice)
    assert planned == [alice.pk]
    with django_capture_on_commit_callbacks(execute=True):
        do_update_connection(alice, {"history_from": dt.date(2025, 6, 1)})
    assert planned == [alice.pk, alice.pk]


# --- running windows ---------------------------------------------------------------


def test_windows_store_every_receipt_of_the_history_once(history, queued, settings):
    settings.KASSALINK_SYNC_PAGE_SIZE = 150
    connection, sim = history
    plan = backfill.plan_backfill(connection, today=TODAY)
    run_all(BackfillWindow.objects.filter(backfill=plan).values_list("pk", flat=True))

    expected = sim_receipts(sim, sim.first_day)
    assert stored(connection) == expected
    windows = list(BackfillWindow.objects.filter(backfill=plan))
    assert len(windows) == 7
    assert sum(w.created for w in windows) == len(expected)
    assert all(w.status == "done" and w.attempts == 1 for w in windows)
    for window in windows:  # each read its own dates, and only those
        mine = Receipt.objects.filter(
            connection=connection, financial_date__range=(window.from_date, window.through_date)
        )
        assert window.received == window.created == mine.count() > 0
    plan.refresh_from_db()
    assert plan.finished_at is not None


crashes = itertools.count()


def import_then_crash(connection, receipts, orders=()):
    """The real importer, except that the third page of the test dies half-way."""
    from kassalink.receipts.imports import import_receipts

    result = import_receipts(connection, receipts, orders)
    if next(crashes) == 2:
        raise RuntimeError("worker died mid-page")
    return result


@pytest.mark.parametrize("ahead", [1, 0], ids=["read-ahead", "no-read-ahead"])
def test_a_window_that_crashes_mid_way_resumes_from_its_cursor(history, queued, settings, ahead):
    global crashes
    crashes = itertools.count()
    settings.KASSALINK_SYNC_READ_AHEAD = ahead
    settings.KASSALINK_SYNC_PAGE_SIZE = 100
    settings.KASSALINK_SYNC_IMPORTER_RECEIPTS = f"{__name__}.import_then_crash"
    connection, sim = history
    plan = backfill.plan_backfill(connection, today=TODAY)
    window = BackfillWindow.objects.filter(backfill=plan).order_by("from_date").first()

    with pytest.raises(RetryLater) as retry:
        run_window(window.pk)
    window.refresh_from_db()
    in_window = {
        k: v
        for k, v in sim_receipts(sim, window.from_date).items()
        if sim.receipt(k).financial_date <= window.through_date
    }
    cursor = window.cursor["sync_marker"]
    assert (window.status, window.pages) == ("retrying", 2)
    assert "worker died mid-page" in window.error and retry.value.countdown == 30
    # the crashed page left nothing; the cursor describes exactly what is stored
    assert stored(connection) == {k: v for k, v in in_window.items() if v <= cursor}
    assert window.received == len(stored(connection)) > 0
    assert not [t for t in threading.enumerate() if t.name == "read-ahead"]

    assert run_window(window.pk) == "done"
    window.refresh_from_db()
    assert stored(connection) == in_window
    assert (window.attempts, window.received, window.error) == (2, len(in_window), "")
    assert window.created == len(in_window)  # nothing stored twice


def import_then_move_history_past(connection, receipts, orders=()):
    """The real importer; during the first page the shop moves Importeren vanaf past
    every planned day."""
    from kassalink.receipts.imports import import_receipts

    result = import_receipts(connection, receipts, orders)
    if next(crashes) == 0:
        connection.history_from = TODAY
        connection.save(update_fields=["history_from"])
        backfill.plan_backfill(connection, today=TODAY)
    return result


def pages_of_100_through(settings, importer: str) -> None:
    """The windows' pages go through `importer` (of this module), 100 receipts each."""
    global crashes
    crashes = itertools.count()
    settings.KASSALINK_SYNC_PAGE_SIZE = 100
    settings.KASSALINK_SYNC_IMPORTER_RECEIPTS = f"{__name__}.{importer}"


def test_a_window_dropped_while_it_runs_stops_at_its_next_page(history, queued, settings):
    pages_of_100_through(settings, "import_then_move_history_past")
    connection, _ = history
    plan = backfill.plan_backfill(connection, today=TODAY)
    window = BackfillWindow.objects.filter(backfill=plan).order_by("from_date").first()
    assert window.through_date < TODAY

    assert run_window(window.pk) == "gone"

    assert not BackfillWindow.objects.filter(pk=window.pk).exists()
    assert len(stored(connection)) == 100  # the page that was being written, no more
    assert not [t for t in threading.enumerate() if t.name == "read-ahead"]


def import_then_clear_history(connection, receipts, orders=()):
    """The real importer; during the first page the shop clears Importeren vanaf."""
    from kassalink.receipts.imports import import_receipts

    result = import_receipts(connection, receipts, orders)
    if next(crashes) == 0:
        connection.history_from = None
        connection.save(update_fields=["history_from"])
    return result


def test_clearing_the_date_stops_the_backfill_at_the_next_page(history, queued, settings):
    pages_of_100_through(settings, "import_then_clear_history")
    connection, _ = history
    plan = backfill.plan_backfill(connection, today=TODAY)
    first, *others = BackfillWindow.objects.filter(backfill=plan).order_by("from_date")
    assert others

    assert run_window(first.pk) == "gone"

    # The page being written when it was cleared stays; no window is left to read more.
    assert len(stored(connection)) == 100
    assert not Backfill.objects.filter(connection=connection).exists()
    assert [run_window(w.pk) for w in others] == ["gone"] * len(others)


def test_a_window_of_a_cleared_date_is_dropped_before_it_reads_anything(history, queued):
    connection, _ = history
    plan = backfill.plan_backfill(connection, today=TODAY)
    done, todo = BackfillWindow.objects.filter(backfill=plan).order_by("-from_date")[:2]
    BackfillWindow.objects.filter(pk=done.pk).update(status=BackfillWindow.Status.DONE)
    connection.history_from = None
    connection.save()

    assert run_window(todo.pk) == "gone"

    assert stored(connection) == {}
    # The day already done stays, and shows as a finished backfill.
    assert list(BackfillWindow.objects.values_list("pk", flat=True)) == [done.pk]
    assert Backfill.objects.get(connection=connection).finished_at is not None


def test_a_window_that_keeps_failing_stops_and_shows_its_error(history, queued, settings):
    settings.KASSALINK_BACKFILL_MAX_ATTEMPTS = 2
    connection, sim = history
    plan = backfill.plan_backfill(connection, today=TODAY)
    window = BackfillWindow.objects.filter(backfill=plan).first()
    sim.faults.add("getReceipts", "http_500", times=10)
    with pytest.raises(RetryLater):
        run_window(window.pk)
    assert run_window(window.pk) == "failed"
    window.refresh_from_db()
    assert window.status == "failed" and "500" in window.error


def test_tail_and_backfill_together_store_each_receipt_once(history, queued, settings):
    settings.KASSALINK_SYNC_PAGE_SIZE = 200
    connection, sim = history
    plan = backfill.plan_backfill(connection, today=TODAY)
    windows = list(BackfillWindow.objects.filter(backfill=plan).values_list("pk", flat=True))

    # The shop keeps selling (and changing older receipts) while the history comes in;
    # the tail runs between the windows.
    for number, window_id in enumerate(windows):
        sim.advance(45)
        if number % 2:
            assert run_stream(connection.pk, "receipts", "manual").status == "succeeded"
        run_window(window_id)
    sim.advance(120)
    assert run_stream(connection.pk, "receipts", "manual").status == "succeeded"

    expected = sim_receipts(sim, connection.history_from)
    assert len(expected) > 2000
    assert stored(connection) == expected  # every receipt, at its newest version ...
    assert Receipt.objects.filter(connection=connection).count() == len(expected)  # ... once
    assert not Receipt.objects.filter(
        connection=connection, financial_date__lt=connection.history_from
    ).exists()


def test_the_tail_of_a_link_with_history_skips_the_history(
    history, queued, django_capture_on_commit_callbacks
):
    connection, sim = history
    marker = sim.receipt_sync_marker()
    # The tail runs before anybody planned: it plans, and starts after the cutover.
    with django_capture_on_commit_callbacks(execute=True):
        run = run_stream(connection.pk, "receipts", "manual")
    assert run.status == "succeeded" and run.created == 0
    plan = Backfill.objects.get(connection=connection)
    assert plan.cutover_marker == marker and len(queued) == plan.windows.count() > 0
    sim.advance(60)
    run = run_stream(connection.pk, "receipts", "manual")
    assert run.created > 0
    assert set(stored(connection)) == {
        r.receipt_id for r in sim.receipts_from(marker + 1) if r.financial_date >= sim.first_day
    }


# --- the sweep: tasks lost with a killed worker ----------------------------------------


def test_the_sweep_queues_windows_of_dead_workers_and_lost_tasks(alice, queued, settings):
    settings.KASSALINK_BACKFILL_REQUEUE_AFTER = 600
    alice.history_from = TODAY - dt.timedelta(days=3)
    alice.save()
    plan = backfill.plan_backfill(alice, today=TODAY, client=FakeClient(10))
    now = timezone.now()
    fresh, stale, dead, alive = plan.windows.order_by("from_date")
    BackfillWindow.objects.filter(pk=fresh.pk).update(queued_at=now)
    BackfillWindow.objects.filter(pk=stale.pk).update(queued_at=now - dt.timedelta(hours=1))
    BackfillWindow.objects.filter(pk__in=[dead.pk, alive.pk]).update(status="running")
    # a worker of another host (alive as far as we know) holds `alive`; `dead` held nothing
    assert locks.claim(alice.pk, alive.lock_key, "elsewhere:1:abc") is not None

    assert backfill.requeue_stalled(now) == 2
    assert sorted(queued) == sorted([stale.pk, dead.pk])
    assert backfill.requeue_stalled(now) == 0  # queued just now: not again


def test_a_date_after_today_plans_nothing_and_shows_nothing_running(alice, queued):
    alice.history_from = TODAY + dt.timedelta(days=3)
    alice.save()
    plan = backfill.plan_backfill(alice, today=TODAY, client=FakeClient(10))
    assert plan.windows.count() == 0 and plan.finished_at is not None
    assert queued == []
