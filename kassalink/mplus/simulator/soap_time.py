"""How the simulated MplusKASSA writes dates and times: Europe/Amsterdam wall time.

`SoapMplusDateTime` carries the local wall-clock fields plus `isdst` and `timezone`; we
send `timezone` as the UTC offset in minutes east of Greenwich (60 in winter, 120 in
summer), the reading the project's notes give. Keep every unit choice of time here.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(moment: datetime) -> datetime:
    """The moment as Amsterdam wall time (aware)."""
    return moment.astimezone(AMSTERDAM)


def local_datetime(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """An aware Amsterdam time on `day`; a wall time that does not exist (DST gap)
    resolves forward the way the POS clock would show it."""
    naive = datetime(day.year, day.month, day.day) + timedelta(
        hours=hour, minutes=minute, seconds=second
    )
    aware = naive.replace(tzinfo=AMSTERDAM)
    # Round-trip through UTC normalises times inside the spring-forward gap.
    return aware.astimezone(ZoneInfo("UTC")).astimezone(AMSTERDAM)


def soap_datetime(moment: datetime) -> str:
    """The inner XML of a SoapMplusDateTime for an aware moment."""
    wall = moment.astimezone(AMSTERDAM)
    offset = wall.utcoffset() or timedelta(0)
    dst = wall.dst() or timedelta(0)
    return (
        f"<sec>{wall.second}</sec><min>{wall.minute}</min><hour>{wall.hour}</hour>"
        f"<day>{wall.day}</day><mon>{wall.month}</mon><year>{wall.year}</year>"
        f"<isdst>{'true' if dst else 'false'}</isdst>"
        f"<timezone>{int(offset.total_seconds() // 60)}</timezone>"
    )


def soap_date(day: date) -> str:
    """The inner XML of a SoapMplusDate."""
    return f"<day>{day.day}</day><mon>{day.month}</mon><year>{day.year}</year>"


def xsd_date(day: date) -> str:
    return day.isoformat()


def xsd_datetime(moment: datetime) -> str:
    return moment.astimezone(AMSTERDAM).replace(microsecond=0).isoformat()
