"""A backfill's progress as a person reads it: days done, receipts stored, time left.

Time left is an estimate and says so: the receipts still to come are the remaining days
at the rate of receipts per day of the windows already done, divided by the receipts
per second of this spell of work (all workers together, since its first window
started). Until a window is done, or while nothing has been stored yet, it is unknown
(None), never a guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from kassalink.sync.models import Backfill, BackfillWindow

Status = BackfillWindow.Status
# A rate measured over less than this is noise.
MIN_ELAPSED_SECONDS = 5


@dataclass(frozen=True)
class BackfillProgress:
    from_date: dt.date
    through_date: dt.date
    days_total: int
    days_done: int
    windows_total: int
    windows_done: int
    windows_running: int
    windows_failed: int
    windows_retrying: int
    receipts: int
    receipts_per_second: float | None
    seconds_left: int | None
    finished_at: dt.datetime | None
    errors: tuple[str, ...]

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def minutes_left(self) -> int | None:
        """Whole minutes, rounded up (a backfill with 20 s to go has "1 min" left)."""
        if self.seconds_left is None:
            return None
        return -(-self.seconds_left // 60)

    @property
    def percent(self) -> int:
        return 100 * self.days_done // self.days_total if self.days_total else 100

    def as_json(self) -> dict[str, object]:
        return {
            "from_date": self.from_date.isoformat(),
            "through_date": self.through_date.isoformat(),
            "days_total": self.days_total,
            "days_done": self.days_done,
            "windows_total": self.windows_total,
            "windows_done": self.windows_done,
            "windows_running": self.windows_running,
            "windows_failed": self.windows_failed,
            "windows_retrying": self.windows_retrying,
            "receipts": self.receipts,
            "receipts_per_second": (
                round(self.receipts_per_second, 1) if self.receipts_per_second else None
            ),
            "seconds_left": self.seconds_left,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "errors": list(self.errors),
        }


def backfill_progress(backfill: Backfill, now: dt.datetime | None = None) -> BackfillProgress:
    now = now or timezone.now()
    windows = list(backfill.windows.all())
    done = [w for w in windows if w.status == Status.DONE]
    count = {s: sum(1 for w in windows if w.status == s) for s in Status.values}
    rate = _rate(backfill, windows, now)
    left = 0 if backfill.finished_at else _seconds_left(windows, done, rate)
    return BackfillProgress(
        from_date=backfill.from_date,
        through_date=backfill.through_date,
        days_total=sum(w.days for w in windows),
        days_done=sum(w.days for w in done),
        windows_total=len(windows),
        windows_done=len(done),
        windows_running=count[Status.RUNNING],
        windows_failed=count[Status.FAILED],
        windows_retrying=count[Status.RETRYING],
        receipts=sum(w.received for w in windows),
        receipts_per_second=rate,
        seconds_left=left,
        finished_at=backfill.finished_at,
        errors=tuple(
            w.error for w in windows if w.error and w.status in (Status.FAILED, Status.RETRYING)
        )[:3],
    )


def _rate(backfill: Backfill, windows: list[BackfillWindow], now: dt.datetime) -> float | None:
    """Receipts per second of this spell, all workers together; None while unknown."""
    spell = [w for w in windows if w.planned_at >= backfill.spell_started_at and w.started_at]
    if not spell:
        return None
    first = min(w.started_at for w in spell)
    last = backfill.finished_at or now
    elapsed = (last - first).total_seconds()
    stored = sum(w.received for w in spell)
    if elapsed < MIN_ELAPSED_SECONDS or stored == 0:
        return None
    return stored / elapsed


def _seconds_left(
    windows: list[BackfillWindow], done: list[BackfillWindow], rate: float | None
) -> int | None:
    done_days = sum(w.days for w in done)
    if rate is None or not done_days:
        return None
    per_day = sum(w.received for w in done) / done_days
    open_windows = [w for w in windows if w.status != Status.DONE]
    expected = sum(max(0.0, w.days * per_day - w.received) for w in open_windows)
    return round(expected / rate)


def progress_for(connection_id: int) -> BackfillProgress | None:
    """The connection's backfill progress, or None when it has none."""
    backfill = Backfill.objects.filter(connection_id=connection_id).first()
    return backfill_progress(backfill) if backfill is not None else None
