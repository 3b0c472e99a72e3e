"""Planned against worked: how an entry compares with its planned shift (late, left
early, unplanned), and one employee's week (planned and worked hours, no-shows, overtime
against contract hours), plus the labour cost of both.

Plain arithmetic on aware datetimes and integers, no database: durations go through
`elapsed_seconds`, so a night over a DST change has its real length. Minutes are whole
minutes, rounded down, like the timesheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .hours import elapsed_seconds, wage_cost, worked_minutes

# Clocking in a few minutes late or out a few minutes early is not worth a badge.
GRACE_MINUTES = 5


@dataclass(frozen=True)
class Planned:
    """A planned shift (rooster)."""

    start: dt.datetime
    end: dt.datetime
    break_minutes: int = 0
    key: int | None = None  # the RosterShift id, to find the shifts nobody clocked for

    @property
    def minutes(self) -> int:
        return max(0, int(elapsed_seconds(self.start, self.end) // 60) - self.break_minutes)


@dataclass(frozen=True)
class Worked:
    """A timesheet entry; `end` None while clocked in, `planned_key` its planned shift."""

    start: dt.datetime
    end: dt.datetime | None
    break_minutes: int = 0
    planned_key: int | None = None

    @property
    def minutes(self) -> int:
        return worked_minutes(self.start, self.end, self.break_minutes)


@dataclass(frozen=True)
class EntryVariance:
    late_minutes: int  # clocked in after the planned start
    left_early_minutes: int  # clocked out before the planned end
    unplanned: bool  # worked without a planned shift

    @property
    def late(self) -> bool:
        return self.late_minutes > GRACE_MINUTES

    @property
    def left_early(self) -> bool:
        return self.left_early_minutes > GRACE_MINUTES


def _minutes_after(earlier: dt.datetime, later: dt.datetime) -> int:
    """Whole minutes `later` is after `earlier`; 0 when it is not."""
    return max(0, int(elapsed_seconds(earlier, later) // 60))


def entry_variance(planned: Planned | None, worked: Worked) -> EntryVariance:
    """An open entry has not left early (yet)."""
    if planned is None:
        return EntryVariance(0, 0, unplanned=True)
    late = _minutes_after(planned.start, worked.start)
    early = _minutes_after(worked.end, planned.end) if worked.end is not None else 0
    return EntryVariance(late, early, unplanned=False)


def entry_variances(planned: dict[int, Planned], worked: Iterable[Worked]) -> list[EntryVariance]:
    """Each of `worked` against its planned shift (`planned` by key). Clocking out for a
    break and in again splits a shift over entries: only the first of them can be late
    and only the last can leave early; the gaps between them are breaks."""
    entries = list(worked)
    first: dict[int, Worked] = {}
    last: dict[int, Worked] = {}
    for entry in entries:
        key = entry.planned_key
        if key is None:
            continue
        if key not in first or entry.start < first[key].start:
            first[key] = entry
        if key not in last or entry.start >= last[key].start:
            last[key] = entry
    variances = []
    for entry in entries:
        variance = entry_variance(planned.get(entry.planned_key), entry)
        if not variance.unplanned:
            variance = EntryVariance(
                variance.late_minutes if first[entry.planned_key] is entry else 0,
                variance.left_early_minutes if last[entry.planned_key] is entry else 0,
                unplanned=False,
            )
        variances.append(variance)
    return variances


@dataclass(frozen=True)
class WeekVariance:
    """One employee's week, planned against worked."""

    planned_minutes: int
    worked_minutes: int
    contract_minutes: int
    late: int  # entries clocked in late
    left_early: int
    unplanned: int
    no_shows: tuple[Planned, ...]  # planned shifts that started before `now`, nothing clocked

    @property
    def overtime_minutes(self) -> int:
        """Worked beyond the contract; 0 without contract hours (nothing to compare with)."""
        if not self.contract_minutes:
            return 0
        return max(0, self.worked_minutes - self.contract_minutes)

    @property
    def difference_minutes(self) -> int:
        return self.worked_minutes - self.planned_minutes


def contract_minutes(contract_hours: Decimal | int) -> int:
    return int(Decimal(contract_hours) * 60)


def week_variance(
    planned: Iterable[Planned],
    worked: Iterable[Worked],
    contract_hours: Decimal | int,
    now: dt.datetime,
) -> WeekVariance:
    """Totals of one employee's week. A planned shift is a no-show once it started more
    than the grace ago and no entry is placed under it; one still to come is just planned."""
    shifts = list(planned)
    entries = list(worked)
    by_key = {shift.key: shift for shift in shifts if shift.key is not None}
    clocked = {entry.planned_key for entry in entries}
    variances = entry_variances(by_key, entries)
    started = now - dt.timedelta(minutes=GRACE_MINUTES)
    no_shows = tuple(s for s in shifts if s.key not in clocked and s.start < started)
    return WeekVariance(
        planned_minutes=sum(s.minutes for s in shifts),
        worked_minutes=sum(e.minutes for e in entries),
        contract_minutes=contract_minutes(contract_hours),
        late=sum(v.late for v in variances),
        left_early=sum(v.left_early for v in variances),
        unplanned=sum(v.unplanned for v in variances),
        no_shows=no_shows,
    )


@dataclass(frozen=True)
class DayCost:
    """Planned and worked minutes of a day and what they cost in wages."""

    planned_minutes: int = 0
    worked_minutes: int = 0
    planned_cost: Decimal = Decimal("0.00")
    worked_cost: Decimal = Decimal("0.00")

    def plus(self, planned: int, worked: int, hourly_wage_cents: int) -> DayCost:
        return DayCost(
            self.planned_minutes + planned,
            self.worked_minutes + worked,
            self.planned_cost + wage_cost(planned, hourly_wage_cents),
            self.worked_cost + wage_cost(worked, hourly_wage_cents),
        )
