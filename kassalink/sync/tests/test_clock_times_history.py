"""Clock times follow "Importeren vanaf": a new link starts there, and moving it earlier on a
link that already reads clock times fetches the earlier days, then goes on as before."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from kassalink.connections.actions import do_update_connection
from kassalink.mplus.simulator import Simulator, serve_in_thread
from kassalink.sync.models import SyncRun, SyncState
from kassalink.sync.runner import run_stream
from kassalink.sync.schedule import claim_due
from kassalink.sync.streams import STREAMS, ClockTimesStream
from kassalink.tests.pos_fixtures import SIMULATOR_START
from kassalink.workforce.models import PosShift

TODAY = dt.date(2026, 3, 30)
AMSTERDAM = SIMULATOR_START.tzinfo


@dataclass
class Recorder:
    """A client that only says which days were asked for."""

    asked: list[tuple[dt.date, dt.date]] = field(default_factory=list)

    def get_shifts(self, first, through, branch_numbers=()):
        self.asked.append((first, through))
        return []


@dataclass
class Link:
    history_from: dt.date | None = None
    activated_at: dt.datetime | None = None
    branches: list[int] = field(default_factory=list)
    recorder: Recorder = field(default_factory=Recorder)

    def client(self) -> Recorder:
        return self.recorder


def read(link: Link, cursor: dict) -> tuple[list[tuple[dt.date, dt.date]], dict]:
    """The windows one run asks for, and the cursor it leaves."""
    pages = list(ClockTimesStream(today=lambda: TODAY).pages(link, cursor))
    return link.recorder.asked, pages[-1].cursor


def test_a_new_link_without_history_reads_the_last_three_days():
    asked, cursor = read(Link(), {})
    assert asked == [(dt.date(2026, 3, 27), TODAY)]
    assert cursor == {"since": "2026-03-27", "through": "2026-03-30"}


def test_a_new_link_with_history_starts_its_windows_at_history_from():
    asked, cursor = read(Link(history_from=dt.date(2026, 3, 9)), {})
    assert asked == [
        (dt.date(2026, 3, 9), dt.date(2026, 3, 15)),
        (dt.date(2026, 3, 16), dt.date(2026, 3, 22)),
        (dt.date(2026, 3, 23), dt.date(2026, 3, 29)),
        (TODAY, TODAY),
    ]
    assert cursor == {"since": "2026-03-09", "through": "2026-03-30"}


def test_after_the_history_it_goes_on_as_before():
    cursor = {"since": "2026-03-09", "through": "2026-03-29"}
    asked, after = read(Link(history_from=dt.date(2026, 3, 9)), cursor)
    assert asked == [(dt.date(2026, 3, 26), TODAY)]
    assert after == {"since": "2026-03-09", "through": "2026-03-30"}


def test_history_moved_earlier_fetches_the_earlier_days():
    cursor = {"since": "2026-03-20", "through": "2026-03-29"}
    asked, after = read(Link(history_from=dt.date(2026, 3, 2)), cursor)
    assert asked[0] == (dt.date(2026, 3, 2), dt.date(2026, 3, 8))
    assert asked[-1][1] == TODAY
    assert after == {"since": "2026-03-02", "through": "2026-03-30"}


def test_history_moved_later_reads_nothing_extra():
    cursor = {"since": "2026-03-02", "through": "2026-03-29"}
    asked, after = read(Link(history_from=dt.date(2026, 3, 20)), cursor)
    assert asked == [(dt.date(2026, 3, 26), TODAY)]
    assert after["since"] == "2026-03-02"


def test_a_cursor_from_before_since_existed_counts_from_the_first_run():
    activated = dt.datetime(2026, 3, 20, 9, 0, tzinfo=AMSTERDAM)  # first run read from the 17th
    link = Link(history_from=dt.date(2026, 3, 17), activated_at=activated)
    asked, _ = read(link, {"through": "2026-03-29"})
    assert asked == [(dt.date(2026, 3, 26), TODAY)]  # nothing before the 17th is wanted

    link = Link(history_from=dt.date(2026, 3, 16), activated_at=activated)
    asked, after = read(link, {"through": "2026-03-29"})
    assert asked[0][0] == dt.date(2026, 3, 16)
    assert after["since"] == "2026-03-16"


# --- against the simulator, with the real client, runner and importer -------------------


@pytest.fixture
def linked(alice, monkeypatch):
    """Alice's active link to a simulated account with three weeks of clocked shifts."""
    sim = Simulator(seed=3, start=SIMULATOR_START, history_days=21, branches=1, employees=8)
    with serve_in_thread(sim, port=0) as server:
        alice.port = server.port
        alice.save()
        monkeypatch.setitem(STREAMS, "clock_times", ClockTimesStream(today=lambda: TODAY))
        yield alice, sim


def clock_times(connection) -> SyncRun:
    run = run_stream(connection.pk, "clock_times", SyncRun.Trigger.CLI)
    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    return run


def days_imported(connection) -> set[dt.date]:
    return set(
        PosShift.objects.filter(connection=connection).values_list("financial_date", flat=True)
    )


def days_in_pos(sim: Simulator, first: dt.date) -> set[dt.date]:
    return {s.financial_date for s in sim.shifts(first, TODAY)}


def test_the_simulator_has_clocked_shifts_on_past_days(linked):
    _alice, sim = linked
    assert len(days_in_pos(sim, TODAY - dt.timedelta(days=21))) >= 15


def test_moving_history_earlier_imports_the_earlier_days_once(
    linked, django_capture_on_commit_callbacks
):
    alice, sim = linked
    clock_times(alice)
    assert min(days_imported(alice)) >= TODAY - dt.timedelta(days=3)

    two_weeks_ago = TODAY - dt.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        do_update_connection(alice, {"history_from": two_weeks_ago})
    history = clock_times(alice)
    again = clock_times(alice)

    expected = {s.number for s in sim.shifts(two_weeks_ago, TODAY)}
    stored = PosShift.objects.filter(connection=alice)
    assert set(stored.values_list("shift_number", flat=True)) == expected
    assert stored.count() == len(expected)  # no doubles
    assert min(days_imported(alice)) == min(days_in_pos(sim, two_weeks_ago))
    assert history.pages == 3  # 14-20 March, 21-27 March, 28-30 March
    assert again.pages == 1 and again.created == 0
    state = SyncState.objects.get(connection=alice, stream="clock_times")
    assert state.cursor == {"since": two_weeks_ago.isoformat(), "through": TODAY.isoformat()}


def test_a_new_link_with_history_imports_it_in_its_first_run(linked):
    alice, sim = linked
    alice.history_from = TODAY - dt.timedelta(days=10)
    alice.save()

    clock_times(alice)

    assert days_imported(alice) == days_in_pos(sim, alice.history_from)
    assert min(days_imported(alice)) < TODAY - dt.timedelta(days=3)


def test_wanting_history_makes_the_clock_times_due_at_the_next_tick(
    alice, django_capture_on_commit_callbacks
):
    now = timezone.now()
    SyncState.objects.create(
        connection=alice, stream="clock_times", next_due_at=now + dt.timedelta(minutes=4)
    )
    assert not claim_due(alice.pk, "clock_times", now)

    with django_capture_on_commit_callbacks(execute=True):
        do_update_connection(alice, {"history_from": TODAY - dt.timedelta(days=30)})

    assert claim_due(alice.pk, "clock_times", now)
