"""Our SQLite backend waits for the write lock itself: a writer that meets another
process's transaction waits it out (well past SQLite's own few milliseconds), the threads
of one process take turns, and a lock held past the timeout is still an error."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import OperationalError, connections, transaction

from kassalink.sqlite.base import SQLITE_TIMEOUT

ALIAS = "lockwait"


@pytest.fixture
def database(tmp_path, django_db_blocker):
    """A file database on our backend in WAL mode with IMMEDIATE transactions, as settings.py
    makes it; `timeout` 1 s."""
    path = tmp_path / "shop.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("CREATE TABLE sale (id INTEGER PRIMARY KEY, n INTEGER)")
    raw.close()
    ours = {
        "ENGINE": "kassalink.sqlite",
        "NAME": str(path),
        "OPTIONS": {"timeout": 1, "transaction_mode": "IMMEDIATE"},
    }
    configured = connections.configure_settings({"default": connections.settings["default"],
                                                 ALIAS: ours})  # fmt: skip
    connections.settings[ALIAS] = configured[ALIAS]
    with django_db_blocker.unblock():
        yield path
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def record_sale() -> None:
    try:
        with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
            cursor.execute("INSERT INTO sale (n) VALUES (1)")
    finally:
        connections[ALIAS].close()


def another_process_writes(path, release: threading.Event, started: threading.Event) -> None:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    started.set()
    release.wait(10)
    other.execute("COMMIT")
    other.close()


def sales(path) -> int:
    with sqlite3.connect(path) as raw:
        return raw.execute("SELECT count(*) FROM sale").fetchone()[0]


def test_a_writer_waits_out_another_writers_transaction(database):
    release, started = threading.Event(), threading.Event()
    other = threading.Thread(target=another_process_writes, args=(database, release, started))
    other.start()
    started.wait(5)
    # Let go well after SQLite's own handler would have answered "database is locked".
    threading.Timer(SQLITE_TIMEOUT * 40, release.set).start()
    record_sale()
    other.join()
    assert sales(database) == 1


def test_the_threads_of_one_process_take_turns(database):
    with ThreadPoolExecutor(8) as pool:
        for future in [pool.submit(record_sale) for _ in range(80)]:
            future.result()
    assert sales(database) == 80


def test_a_lock_held_past_the_timeout_is_an_error_and_the_next_writer_goes_on(database):
    release, started = threading.Event(), threading.Event()
    other = threading.Thread(target=another_process_writes, args=(database, release, started))
    other.start()
    started.wait(5)
    with pytest.raises(OperationalError, match="database is locked"):
        record_sale()
    release.set()
    other.join()
    record_sale()  # this process's own lock was let go with the failed transaction
    assert sales(database) == 1


def test_a_rolled_back_or_dropped_transaction_lets_the_next_writer_in(database):
    with pytest.raises(ZeroDivisionError), transaction.atomic(using=ALIAS):
        connections[ALIAS].cursor().execute("INSERT INTO sale (n) VALUES (1)")
        1 / 0  # noqa: B018
    transaction.atomic(using=ALIAS).__enter__()
    connections[ALIAS].cursor().execute("INSERT INTO sale (n) VALUES (2)")
    connections[ALIAS].close()  # the connection dropped mid-transaction (a lost worker)
    done = threading.Thread(target=record_sale)
    done.start()
    done.join(5)
    assert not done.is_alive() and sales(database) == 1
