"""Quarter-hour turnover buckets, aligned in the shop's local time (Europe/Amsterdam).

A bucket is named by the UTC instant it starts. Local alignment means a DST day has 92
(spring) or 100 (autumn) quarters; the autumn's repeated 02:00-03:00 hour gets its own
four buckets, apart from the first. Starts are returned in UTC because two Amsterdam
times in the repeated hour compare equal in Python (same tzinfo ignores `fold`).
"""

from __future__ import annotations

import datetime as dt

from kassalink.mplus.units import AMSTERDAM

QUARTER = dt.timedelta(minutes=15)


def quarter_start(moment: dt.datetime) -> dt.datetime:
    """The start (UTC) of the local quarter hour that `moment` falls in."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a naive time has no bucket: {moment.isoformat()}")
    local = moment.astimezone(AMSTERDAM)
    # Amsterdam's offset changes only on whole hours (since 1940), so flooring the wall
    # clock within the instant's own offset (kept by `fold`) stays in the same offset.
    floored = local.replace(minute=local.minute - local.minute % 15, second=0, microsecond=0)
    return floored.astimezone(dt.UTC)


def quarters_of_day(day: dt.date) -> list[dt.datetime]:
    """Every bucket start (UTC) of the local day `day`: 92, 96 or 100 of them."""
    start = dt.datetime.combine(day, dt.time(0), AMSTERDAM).astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), AMSTERDAM).astimezone(dt.UTC)
    count = (end - start) // QUARTER
    return [start + QUARTER * index for index in range(count)]


def local_day(moment: dt.datetime) -> dt.date:
    """The shop's calendar date of an instant."""
    return moment.astimezone(AMSTERDAM).date()
