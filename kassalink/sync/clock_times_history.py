"""When a link wants history (`history_wanted`), its clock times are due at the next tick.

The clock-times stream itself decides what to read from `Connection.history_from` and its
cursor (see `ClockTimesStream`), so nothing is written into the cursor here: a run going
on right now cannot overwrite it, and the schedule's lock still keeps runs apart.
"""

from __future__ import annotations

from typing import Any

from kassalink.sync.models import SyncState


def clock_times_due_now(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Receiver of connections.signals.history_wanted."""
    SyncState.objects.filter(connection=connection, stream="clock_times").update(next_due_at=None)
