"""Django's SQLite backend, with the wait for SQLite's write lock done here instead of by
SQLite's busy handler.

A SQLite file has one write lock. A writer that finds it taken waits in SQLite's busy
handler, which sleeps 1, 2, 5, ... 50, then 100 ms between tries: one that has waited a
while sleeps 100 ms at a time while newcomers take the lock in between. Under a steady
stream of short transactions (POS webhooks at 200/s, each holding the lock about a
millisecond) a few waited 0.2-1.5 s for a lock that was free most of that time.

Here the threads of one process queue for the write lock on a lock of their own, woken the
moment it is free, and only the first in line tries SQLite's lock: every millisecond at most
(the other processes), until the database's `timeout` (settings.py: 20 s) has passed.
The lock is held from `BEGIN IMMEDIATE` to the end of the transaction. In-memory
databases (tests) and other transaction modes keep Django's behaviour.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time

from django.db import OperationalError
from django.db.backends.sqlite3 import base

LONGEST_PAUSE = 0.001  # seconds between two tries at SQLite's write lock
SQLITE_TIMEOUT = 0.005  # seconds SQLite's own busy handler waits before answering busy
LOCKING_MODES = {"IMMEDIATE", "EXCLUSIVE"}

_write_locks: dict[str, threading.Lock] = {}
_write_locks_guard = threading.Lock()


def _forget_locks_in_child() -> None:
    # A lock some other thread held at fork time would stay held in the child forever.
    global _write_locks_guard
    _write_locks.clear()
    _write_locks_guard = threading.Lock()


os.register_at_fork(after_in_child=_forget_locks_in_child)


def write_lock(path: str) -> threading.Lock:
    """The one lock this process's writers to the database file at `path` queue on."""
    with _write_locks_guard:
        return _write_locks.setdefault(os.path.abspath(path), threading.Lock())


def is_busy(error: BaseException) -> bool:
    """SQLite's "database is locked": another connection holds the lock asked for."""
    cause = error if isinstance(error, sqlite3.Error) else error.__cause__
    return isinstance(cause, sqlite3.OperationalError) and (
        getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY
        or str(cause).startswith("database is locked")
    )


def retry_while_busy(attempt, deadline: float):
    """`attempt()` again, after a short pause, for as long as SQLite answers busy."""
    pause = 0.0001
    while True:
        try:
            return attempt()
        except (sqlite3.OperationalError, OperationalError) as error:
            if not is_busy(error) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE)


class LockWaitingCursor(base.SQLiteCursorWrapper):
    """A statement outside a transaction that finds the database busy (`BEGIN IMMEDIATE`,
    an autocommit write) is tried again until the deadline, as SQLite's handler would."""

    wait_seconds = 0.0

    def execute(self, query, params=None):
        if not self.wait_seconds or self.connection.in_transaction:
            return super().execute(query, params)
        deadline = time.monotonic() + self.wait_seconds
        return retry_while_busy(lambda: super(LockWaitingCursor, self).execute(query, params),
                                deadline)  # fmt: skip

    def executemany(self, query, param_list):
        if not self.wait_seconds or self.connection.in_transaction:
            return super().executemany(query, param_list)
        # Outside a transaction each row commits on its own, so a busy answer halfway
        # cannot be tried again from the start: SQLite's own handler waits, as in Django.
        super().execute(f"PRAGMA busy_timeout = {int(self.wait_seconds * 1000)}")
        try:
            return super().executemany(query, param_list)
        finally:
            super().execute(f"PRAGMA busy_timeout = {int(SQLITE_TIMEOUT * 1000)}")


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.wait_seconds = 0.0  # 0: Django's behaviour (SQLite's busy handler waits)
        self._holds_write_lock = False

    def get_connection_params(self) -> dict:
        params = super().get_connection_params()
        if not self.is_in_memory_db() and (self.transaction_mode or "") in LOCKING_MODES:
            self.wait_seconds = float(params.get("timeout", 5.0))
            # SQLite's handler tries for a few ms (sleeping 1 and 2 ms) and answers busy;
            # the rest of the waiting is ours.
            params["timeout"] = SQLITE_TIMEOUT
        return params

    def create_cursor(self, name=None):
        cursor = self.connection.cursor(factory=LockWaitingCursor)
        cursor.wait_seconds = self.wait_seconds
        return cursor

    def _start_transaction_under_autocommit(self) -> None:
        if not self.wait_seconds:
            return super()._start_transaction_under_autocommit()
        lock = write_lock(self.settings_dict["NAME"])
        if not lock.acquire(timeout=self.wait_seconds):
            raise OperationalError(
                f"database is locked: another thread of this process wrote for over "
                f"{self.wait_seconds:g} s"
            )
        self._holds_write_lock = True
        try:  # BEGIN IMMEDIATE waits for the other processes in LockWaitingCursor
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_write_lock()
            raise
        return None

    def _release_write_lock(self) -> None:
        if self._holds_write_lock and not (self.connection and self.connection.in_transaction):
            self._holds_write_lock = False
            write_lock(self.settings_dict["NAME"]).release()

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._release_write_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._release_write_lock()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            if self._holds_write_lock:  # closed mid-transaction: SQLite let go too
                self._holds_write_lock = False
                write_lock(self.settings_dict["NAME"]).release()
