"""The /_simulator/* control endpoints: JSON in, (status, JSON) out.

Every value of a request is checked before anything changes: a wrong one is a 400 whose
reason names the field (ControlError), never a dropped connection."""

from __future__ import annotations

import math

from . import cashier
from .faults import KINDS
from .world import Simulator

MAX_ADVANCE_MINUTES = 366 * 24 * 60  # a year: every day on the way is generated
FAULT_PARAMETERS = ("seconds", "fraction", "retry_after", "message", "code")


class ControlError(ValueError):
    """A control request we refuse; its message says which field and why."""


def handle(sim: Simulator, method: str, path: str, payload: object) -> tuple[int, object]:
    route = (method, path.rstrip("/"))
    if route == ("GET", "/_simulator/state"):
        return 200, sim.state()
    if route == ("GET", "/_simulator/faults"):
        return 200, {"faults": sim.faults.pending()}
    if route == ("DELETE", "/_simulator/faults"):
        sim.faults.clear()
        return 200, {"faults": []}
    action = _ACTIONS.get(route)
    if action is None:
        return 404, {"error": f"no control endpoint {method} {path}"}
    if not isinstance(payload, dict):
        raise ControlError("the body must be a JSON object")
    unknown = sorted(set(payload) - _FIELDS[route])
    if unknown:
        raise ControlError(f"{unknown[0]}: not a field here; choose from {sorted(_FIELDS[route])}")
    return action(sim, payload)


def _advance(sim: Simulator, payload: dict) -> tuple[int, object]:
    minutes = number(payload, "minutes", 0, minimum=0, maximum=MAX_ADVANCE_MINUTES)
    sim.advance(minutes)
    return 200, sim.state()


def _add_fault(sim: Simulator, payload: dict) -> tuple[int, object]:
    fields = dict(payload)
    operation = text(fields.pop("operation", "*"), "operation")
    kind = text(fields.pop("kind", None), "kind")
    if kind not in KINDS:
        raise ControlError(f"kind: {kind!r} is not one; choose one of {sorted(KINDS)}")
    times = whole(fields.pop("times", 1), "times", minimum=1, maximum=10_000)
    params = {
        "seconds": lambda v: number({"seconds": v}, "seconds", 1.0, minimum=0, maximum=600),
        "fraction": lambda v: number({"fraction": v}, "fraction", 0.5, minimum=0, maximum=1),
        "retry_after": lambda v: whole(v, "retry_after", minimum=0, maximum=86_400),
        "message": lambda v: text(v, "message"),
        "code": lambda v: text(v, "code"),
    }
    sim.faults.add(operation, kind, times, **{k: params[k](v) for k, v in fields.items()})
    return 201, {"faults": sim.faults.pending()}


def _add_webhook_consumer(sim: Simulator, payload: dict) -> tuple[int, object]:
    url = text(payload.get("endpoint_url"), "endpoint_url")
    if not url.startswith(("http://", "https://")):
        raise ControlError("endpoint_url: an http:// or https:// address")
    patterns = payload.get("patterns", ())
    if not isinstance(patterns, list | tuple):
        raise ControlError("patterns: a list of texts")
    consumer = sim.add_webhook_consumer(
        endpoint_url=url,
        token=text(payload.get("token", ""), "token"),
        application_name=text(payload.get("application_name", "kassalink"), "application_name"),
        patterns=tuple(text(p, "patterns") for p in patterns) or None,
    )
    return 201, {"webhookConsumerId": consumer.consumer_id}


def _sale(sim: Simulator, payload: dict) -> tuple[int, object]:
    checked = {
        "workplace": whole(payload.get("workplace", 1), "workplace", minimum=1, maximum=999),
        "branch": whole(payload.get("branch", 1), "branch", minimum=1, maximum=999),
        "scan_code": text(payload.get("scan_code", ""), "scan_code"),
    }
    for name in ("webhook_url", "token"):
        if payload.get(name) is not None:
            checked[name] = text(payload[name], name)
    sale = cashier.sale_from_json(sim, checked)
    return 201, sale.as_json()


_ACTIONS = {
    ("POST", "/_simulator/advance"): _advance,
    ("POST", "/_simulator/faults"): _add_fault,
    ("POST", "/_simulator/webhook-consumers"): _add_webhook_consumer,
    ("POST", "/_simulator/sale"): _sale,
}
_FIELDS = {
    ("POST", "/_simulator/advance"): {"minutes"},
    ("POST", "/_simulator/faults"): {"operation", "kind", "times", *FAULT_PARAMETERS},
    ("POST", "/_simulator/webhook-consumers"): {
        "endpoint_url",
        "token",
        "application_name",
        "patterns",
    },
    ("POST", "/_simulator/sale"): {"workplace", "branch", "scan_code", "webhook_url", "token"},
}


# --- field checks --------------------------------------------------------------------


def number(payload: dict, name: str, default: float, *, minimum: float, maximum: float) -> float:
    value = payload.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ControlError(f"{name}: a number")
    if not math.isfinite(value) or not minimum <= value <= maximum:
        raise ControlError(f"{name}: a number from {minimum:g} to {maximum:g}")
    return float(value)


def whole(value: object, name: str, *, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ControlError(f"{name}: a whole number")
    if not minimum <= value <= maximum:
        raise ControlError(f"{name}: a whole number from {minimum} to {maximum}")
    return value


def text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise ControlError(f"{name}: a text")
    if len(value) > 10_000:
        raise ControlError(f"{name}: at most 10,000 characters")
    return value
