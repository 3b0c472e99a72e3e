"""Read pages ahead in a thread, so fetching and parsing page N+1 overlaps writing page N.

`read_ahead(pages)` yields what `pages` yields, in order. The first item is pulled in the
caller's thread; after it a daemon thread pulls the rest, at most `depth` items beyond the
one the caller holds, and closes the source when it stops.

The contract for a source: only its code before its first item may use the database (it
runs in the caller's thread, on the caller's connection). Everything after it runs in the
thread and must not: there it would get a connection of its own, outside the caller's
transaction (and in tests blind to the test's uncommitted rows). Should a source use one
anyway, the thread closes its connections when it ends.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import TypeVar, cast

from django.db import connections

log = logging.getLogger(__name__)

T = TypeVar("T")

# How often a waiting thread looks whether it was told to stop, and how long the caller
# waits for it after stopping early: a thread in the middle of a call to the POS finishes
# that call on its own (its answer is dropped) rather than holding up the caller.
POLL_SECONDS = 0.05
JOIN_SECONDS = 5.0
# While a thread parses ahead, the writing thread waits on PostgreSQL some 30 times a
# page; each time it wants the interpreter back, it waits up to the switch interval for
# the parsing thread to let go. At Python's default 5 ms that ate the overlap (a local
# import ran 0.87x as fast as without reading ahead); at 1 ms it ran 1.02x and 1.11x
# (bench/import_receipts.py, three runs).
SWITCH_SECONDS = 0.001
_switching = threading.Lock()
_readers = 0
_default_switch = sys.getswitchinterval()


class _End:
    """The source has no more items."""


@dataclass(frozen=True)
class _Raised:
    """The source raised `error` where its next item would have been."""

    error: BaseException


def read_ahead(pages: Iterator[T], *, depth: int = 1) -> Iterator[T]:
    """`pages`, with up to `depth` items fetched ahead in a thread (0: plain iteration).

    An exception from the source is raised here at its place, after the items before it.
    Stopping early (break, an exception at a yield, close()) stops the thread before it
    pulls more, waits for it a bounded time, and the thread closes the source.
    """
    if depth <= 0:
        yield from pages
        return
    source = iter(pages)
    try:
        first = next(source)
    except StopIteration:
        return
    ready: queue.Queue[object] = queue.Queue(maxsize=depth)
    # One slot per item the thread may pull beyond the one the caller holds.
    slots = threading.Semaphore(depth)
    stop = threading.Event()
    worker = threading.Thread(
        target=_pull_ahead, args=(source, ready, slots, stop), name="read-ahead", daemon=True
    )
    with _quick_switches():
        worker.start()
        try:
            yield first
            while True:
                result = _take(ready, worker)
                if isinstance(result, _End):
                    return
                if isinstance(result, _Raised):
                    raise result.error
                slots.release()
                yield cast(T, result)
        finally:
            stop.set()
            worker.join(JOIN_SECONDS)
            if worker.is_alive():
                log.warning(
                    "read-ahead thread still busy after %s s; it ends on its own", JOIN_SECONDS
                )


@contextmanager
def _quick_switches() -> Iterator[None]:
    """A short switch interval while any read-ahead thread runs (SWITCH_SECONDS)."""
    global _readers, _default_switch
    with _switching:
        if _readers == 0:
            _default_switch = sys.getswitchinterval()
            sys.setswitchinterval(min(_default_switch, SWITCH_SECONDS))
        _readers += 1
    try:
        yield
    finally:
        with _switching:
            _readers -= 1
            if _readers == 0:
                sys.setswitchinterval(_default_switch)


def _take(ready: queue.Queue[object], worker: threading.Thread) -> object:
    """The thread's next result; a thread gone without one would otherwise hang us."""
    while True:
        try:
            return ready.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if not worker.is_alive() and ready.empty():
                raise RuntimeError("the read-ahead thread ended without a result") from None


def _pull_ahead(
    source: Iterator[object],
    ready: queue.Queue[object],
    slots: threading.Semaphore,
    stop: threading.Event,
) -> None:
    try:
        while _wait(partial(slots.acquire, timeout=POLL_SECONDS), stop):
            try:
                result: object = next(source)
            except StopIteration:
                result = _End()
            except BaseException as error:  # handed to the caller, raised there
                result = _Raised(error)
            if not _wait(partial(_offer, ready, result), stop):
                return
            if isinstance(result, _End | _Raised):
                return
    finally:
        _close(source)  # here: a generator is closed by the thread that last advanced it
        connections.close_all()  # this thread's own connections, if the source opened any


def _wait(attempt: Callable[[], bool], stop: threading.Event) -> bool:
    """Retry `attempt` (which waits briefly) until it succeeds; False once told to stop."""
    while not stop.is_set():
        if attempt():
            return not stop.is_set()
    return False


def _offer(ready: queue.Queue[object], result: object) -> bool:
    try:
        ready.put(result, timeout=POLL_SECONDS)
    except queue.Full:
        return False
    return True


def _close(source: Iterator[object]) -> None:
    close = getattr(source, "close", None)
    if close is None:
        return
    try:
        close()
    except Exception:
        log.exception("closing a read-ahead source failed")
