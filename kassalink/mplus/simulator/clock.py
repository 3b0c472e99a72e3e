"""The simulated clock: frozen until advanced, or following wall time (demo mode)."""

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta


class SimClock:
    """Simulated time. In real-time mode it runs at `speed` times wall time from `start`;
    `advance` always jumps it further forward."""

    def __init__(
        self,
        start: datetime,
        *,
        realtime: bool = False,
        speed: float = 1.0,
        wall: Callable[[], float] = time.monotonic,
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("the simulator's start must be an aware datetime")
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.start = start
        self.realtime = realtime
        self.speed = speed
        self._wall = wall
        self._wall_start = wall()
        self._jumped = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            moment = self.start + self._jumped
            if self.realtime:
                moment += timedelta(seconds=(self._wall() - self._wall_start) * self.speed)
            return moment

    def advance(self, minutes: float) -> None:
        if minutes < 0:
            raise ValueError("the simulated clock only moves forward")
        with self._lock:
            self._jumped += timedelta(minutes=minutes)
