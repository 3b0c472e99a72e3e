"""Faults to inject into the simulated API, for tests and the demo.

Kinds: latency (seconds=...), http_500, http_503, soap_fault (message=...), truncated
(the XML cut off; fraction=0.5), wrong_credentials (answered as a bad ident/secret), drop
(the connection closed with no response). `operation="*"` matches every operation.
"""

import threading
from dataclasses import dataclass, field

KINDS = frozenset(
    {"latency", "http_500", "http_503", "soap_fault", "truncated", "wrong_credentials", "drop"}
)


@dataclass
class Fault:
    operation: str
    kind: str
    times: int
    params: dict[str, object] = field(default_factory=dict)


class FaultBook:
    """Armed faults; each firing uses up one of its `times`."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, operation: str, kind: str, times: int = 1, **params: object) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; choose one of {sorted(KINDS)}")
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._faults.append(Fault(operation, kind, times, dict(params)))

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, operation: str | None) -> Fault | None:
        """The first armed fault for `operation` (or "*"), used up by one."""
        with self._lock:
            for fault in self._faults:
                if fault.operation in ("*", operation):
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def pending(self) -> list[dict[str, object]]:
        with self._lock:
            return [
                {"operation": f.operation, "kind": f.kind, "times": f.times, **f.params}
                for f in self._faults
            ]
