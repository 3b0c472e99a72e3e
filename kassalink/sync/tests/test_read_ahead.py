"""read_ahead on fake sources: order, the bound, errors at their place, stopping early,
and that fetching the next item really overlaps the work on the one before."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import closing

import pytest
from django.db import connections

from kassalink.sync.read_ahead import read_ahead

# Generous waits for what must happen soon; a test passes long before them.
PATIENCE = 10.0


class Source:
    """Items 1..count (endless with None), counting pulls, noting who pulled and closed."""

    def __init__(self, count: int | None = None, fail_at: int | None = None) -> None:
        self.count, self.fail_at = count, fail_at
        self.pulled = 0
        self.pulled_by: list[str] = []
        self.closed_by: str | None = None
        self.changed = threading.Condition()

    def __iter__(self) -> Iterator[int]:
        try:
            number = 0
            while self.count is None or number < self.count:
                number += 1
                if number == self.fail_at:
                    raise SourceBroke(f"item {number}")
                with self.changed:
                    self.pulled = number
                    self.pulled_by.append(threading.current_thread().name)
                    self.changed.notify_all()
                yield number
        finally:
            self.closed_by = threading.current_thread().name

    def wait_pulled(self, number: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: self.pulled >= number, PATIENCE)


class SourceBroke(RuntimeError):
    pass


def read_ahead_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "read-ahead"]


def test_every_item_comes_once_and_in_order():
    source = Source(count=25)

    assert list(read_ahead(iter(source), depth=2)) == list(range(1, 26))
    assert read_ahead_threads() == []


def test_an_empty_source_gives_nothing():
    assert list(read_ahead(iter([]), depth=1)) == []


def test_the_first_item_is_pulled_by_the_caller_the_rest_by_the_thread():
    source = Source(count=4)

    list(read_ahead(iter(source), depth=1))

    me = threading.current_thread().name
    assert source.pulled_by == [me, "read-ahead", "read-ahead", "read-ahead"]
    assert source.closed_by == "read-ahead"


def test_depth_zero_is_plain_iteration_without_a_thread():
    source = Source(count=4)

    assert list(read_ahead(iter(source), depth=0)) == [1, 2, 3, 4]
    assert set(source.pulled_by) == {threading.current_thread().name}


@pytest.mark.parametrize("depth", [1, 3])
def test_the_source_is_never_more_than_depth_items_ahead(depth):
    source = Source(count=12)
    taken = 0

    for item in read_ahead(iter(source), depth=depth):
        taken += 1
        assert item == taken
        # Let the thread run as far ahead as it may, then a moment longer.
        source.wait_pulled(min(taken + depth, 12))
        time.sleep(0.02)
        assert source.pulled <= taken + depth

    assert taken == 12


def test_an_error_of_the_source_comes_after_the_items_before_it():
    source = Source(count=10, fail_at=4)
    got = []

    with pytest.raises(SourceBroke, match="item 4") as raised:
        for item in read_ahead(iter(source), depth=2):
            got.append(item)

    assert got == [1, 2, 3]
    # The traceback still leads to where the source raised it.
    assert "__iter__" in [frame.name for frame in traceback.extract_tb(raised.value.__traceback__)]
    assert source.pulled == 3 and read_ahead_threads() == []


def test_an_error_before_the_first_item_is_raised_in_the_caller():
    source = Source(count=10, fail_at=1)

    with pytest.raises(SourceBroke):
        next(read_ahead(iter(source), depth=1))
    assert read_ahead_threads() == []


def test_breaking_off_stops_the_thread_and_closes_the_source():
    source = Source()  # endless
    pages = read_ahead(iter(source), depth=2)

    for item in pages:
        if item == 3:
            source.wait_pulled(5)
            break
    assert read_ahead_threads()  # still fetching ahead until told to stop
    pages.close()

    assert read_ahead_threads() == []
    assert source.pulled == 5  # item 3 held, two ahead: no more after the break
    assert source.closed_by == "read-ahead"


def test_an_error_in_the_consumer_stops_the_thread_and_closes_the_source():
    source = Source()

    with pytest.raises(ZeroDivisionError), closing(read_ahead(iter(source), depth=1)) as pages:
        for item in pages:
            if item == 2:
                raise ZeroDivisionError

    assert read_ahead_threads() == []
    assert source.pulled <= 3 and source.closed_by == "read-ahead"


def test_the_thread_closes_its_own_database_connections():
    closed_in: list[str] = []

    def touches_the_database() -> Iterator[int]:
        yield 1
        # A source must not use the database after its first item; if it does, the
        # thread's connection (its own, connections are per thread) is closed at the end.
        wrapper = connections["default"]
        wrapper.close = lambda: closed_in.append(threading.current_thread().name)
        yield 2

    assert list(read_ahead(touches_the_database(), depth=1)) == [1, 2]
    assert closed_in == ["read-ahead"]


def test_fetching_the_next_item_overlaps_the_work_on_the_one_before():
    """Each item takes 0.2 s to make and 0.2 s to use: the next one is being made while
    one is used (asserted by the order of events, not by the clock)."""
    events: list[tuple[str, int]] = []
    lock = threading.Lock()
    started = {n: threading.Event() for n in range(1, 7)}

    def note(what: str, number: int) -> None:
        with lock:
            events.append((what, number))

    def slow_source() -> Iterator[int]:
        for number in range(1, 6):
            note("making", number)
            started[number].set()
            time.sleep(0.2)
            yield number

    for number in read_ahead(slow_source(), depth=1):
        note("using", number)
        if number < 5:  # give a busy machine time to start the thread; never sequential
            started[number + 1].wait(PATIENCE)
        time.sleep(0.2)
        note("used", number)

    for number in range(1, 5):
        assert events.index(("making", number + 1)) < events.index(("used", number))
    assert [n for what, n in events if what == "used"] == [1, 2, 3, 4, 5]


def test_the_switch_interval_is_short_while_reading_ahead_and_restored_after():
    import sys

    from kassalink.sync.read_ahead import SWITCH_SECONDS

    before = sys.getswitchinterval()
    seen = []
    with closing(read_ahead(iter(range(3)))) as outer:
        for _ in outer:
            seen.append(sys.getswitchinterval())
            # A second reader at once (two runs in one worker) keeps it short too.
            with closing(read_ahead(iter(range(2)))) as inner:
                seen.extend(sys.getswitchinterval() for _ in inner)
    assert seen == [SWITCH_SECONDS] * 9
    assert sys.getswitchinterval() == before
