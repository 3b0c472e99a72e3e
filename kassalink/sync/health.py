"""How each stream of a connection is doing: the health block on pages and in the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from kassalink.sync import conf
from kassalink.sync.models import SyncRun, SyncState
from kassalink.sync.streams import STREAMS


@dataclass(frozen=True)
class StreamHealth:
    stream: str
    label: str
    enabled: bool
    interval_seconds: int
    last_success_at: dt.datetime | None
    newest_data_at: dt.datetime | None
    failures_in_a_row: int
    alerted: bool
    last_run: SyncRun | None
    now: dt.datetime

    @property
    def data_age_seconds(self) -> int | None:
        """How old the newest imported object is (its time at the till)."""
        if self.newest_data_at is None:
            return None
        return max(0, int((self.now - self.newest_data_at).total_seconds()))

    @property
    def status(self) -> str:
        """off, never (no successful run yet), failing, late (no success for 3 intervals), ok."""
        if not self.enabled:
            return "off"
        if self.failures_in_a_row:
            return "failing"
        if self.last_success_at is None:
            return "never"
        late = self.now - self.last_success_at > dt.timedelta(seconds=3 * self.interval_seconds)
        return "late" if late else "ok"


def health_for(connection) -> list[StreamHealth]:
    """One StreamHealth per stream, in the streams' order."""
    states = {s.stream: s for s in SyncState.objects.filter(connection=connection)}
    now = timezone.now()
    result = []
    for name, stream in STREAMS.items():
        state = states.get(name) or SyncState(connection=connection, stream=name)
        last_run = (
            SyncRun.objects.filter(connection=connection, stream=name)
            .exclude(status=SyncRun.Status.SKIPPED_LOCKED)
            .order_by("-started", "-pk")
            .first()
        )
        result.append(
            StreamHealth(
                stream=name,
                label=stream.label,
                enabled=stream.enabled_for(connection),
                interval_seconds=conf.interval_seconds(name),
                last_success_at=state.last_success_at,
                newest_data_at=state.newest_data_at,
                failures_in_a_row=state.failures_in_a_row,
                alerted=state.alerted,
                last_run=last_run,
                now=now,
            )
        )
    return result
