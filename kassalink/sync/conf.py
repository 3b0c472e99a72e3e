"""The sync engine's settings: a Django setting of the same name wins, else the environment.

They live here rather than in settings.py so the engine's knobs sit next to the code that
reads them; tests override them with pytest-django's `settings` fixture.
"""

from __future__ import annotations

from django.conf import settings

from kassalink.env import env_int

# Seconds between scheduled runs of each stream; turnover may be no slower than the
# seed's 15 minutes (shops watch it live on the Insights page). Receipts every 30 s so a
# sale is in Insights within a minute even when it just missed a run (the beat tick is
# the shortest interval; at 60 s the worst case was a tick plus the run, over 60 s); a
# run that finds nothing new is one getReceipts call.
DEFAULT_INTERVALS = {"receipts": 30, "turnover": 60, "clock_times": 300, "employees": 3600}
MAX_INTERVALS = {"turnover": 15 * 60}


def setting_int(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        return env_int(name, default)
    return int(value)


def interval_seconds(stream: str) -> int:
    """How often the schedule runs `stream` for each active connection."""
    default = DEFAULT_INTERVALS.get(stream, 60)
    seconds = setting_int(f"KASSALINK_SYNC_INTERVAL_{stream.upper()}", default)
    return max(1, min(seconds, MAX_INTERVALS.get(stream, seconds)))


def page_size() -> int:
    """Receipts and employees asked per getReceipts/getEmployees call (one transaction each)."""
    return max(1, setting_int("KASSALINK_SYNC_PAGE_SIZE", 500))


def read_ahead() -> int:
    """Pages a stream that allows it fetches and parses ahead, in a thread, while the
    runner writes the page before them (0: none, the fetch waits for the write)."""
    return max(0, setting_int("KASSALINK_SYNC_READ_AHEAD", 1))


def reread_days() -> int:
    """Clock times: how many days before the last run's through-date are read again."""
    return max(0, setting_int("KASSALINK_SYNC_REREAD_DAYS", 3))


def lock_lease_seconds() -> int:
    """How long a run's lock lives without a heartbeat before another worker may take it."""
    return max(1, setting_int("KASSALINK_SYNC_LOCK_LEASE", 300))


def alert_after_failures() -> int:
    """Failed runs in a row (per connection and stream) before one alert e-mail goes out."""
    return max(1, setting_int("KASSALINK_ALERT_AFTER_FAILURES", 3))


def queued_stale_seconds() -> int:
    """A queued run not started after this long is taken as lost and queued again."""
    return max(60, setting_int("KASSALINK_SYNC_QUEUED_STALE", 900))


def importer_override(stream: str) -> str | None:
    """A dotted path replacing a stream's importer (tests and benchmarks only)."""
    import os

    name = f"KASSALINK_SYNC_IMPORTER_{stream.upper()}"
    return getattr(settings, name, None) or os.environ.get(name) or None


def backfill_window_days() -> int:
    """The longest backfill window, in days (shorter ones when the history is short)."""
    return max(1, setting_int("KASSALINK_BACKFILL_WINDOW_DAYS", 7))


def backfill_requeue_after() -> int:
    """A backfill window queued this long ago and still not started is queued again."""
    return max(1, setting_int("KASSALINK_BACKFILL_REQUEUE_AFTER", 900))


def backfill_max_attempts() -> int:
    """Attempts of a failing backfill window (with growing pauses) before it stays failed."""
    return max(1, setting_int("KASSALINK_BACKFILL_MAX_ATTEMPTS", 6))


def backfill_queue() -> str:
    """The Celery queue of backfill windows; empty: the default queue every worker reads."""
    import os

    return getattr(settings, "KASSALINK_BACKFILL_QUEUE", None) or os.environ.get(
        "KASSALINK_BACKFILL_QUEUE", ""
    )
