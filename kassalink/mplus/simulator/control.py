"""The /_simulator/* control endpoints: JSON in, (status, JSON) out.

Every value of a request is checked before anything changes: a wrong one is a 400 whose
reason names the field (ControlError), never a dropped connection."""

from __future__ import annotations

import math

from . import cashier
from .catalogue import ARTICLES
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
    if route == ("GET", "/_simulator/webhook-consumers"):
        return 200, {"consumers": [_consumer_json(c) for c in sim.webhook_consumers]}
    if route == ("GET", "/_simulator/catalogue"):
        return 200, catalogue(sim)
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
    """A subscription as the back office registers it (Beheer › Instellingen › Webhooks)."""
    url = text(payload.get("endpoint_url"), "endpoint_url")
    if not url.startswith(("http://", "https://")):
        raise ControlError("endpoint_url: an http:// or https:// address")
    consumer = sim.add_webhook_consumer(
        endpoint_url=url,
        subscription_id=required_text(payload, "subscription_id"),
        secret_key=required_text(payload, "secret_key"),
        events=names(payload, "events", ("scanCode", "completeSession", "creditSession")),
        blocking=names(payload, "blocking", ("scanCode", "completeSession")),
        patterns=names(payload, "patterns", ()) or None,
        enabled=flag(payload, "enabled", True),
    )
    return 201, {
        "webhookConsumerId": consumer.consumer_id,
        "subscriptionId": consumer.subscription_id,
    }


def _consumer_json(consumer: object) -> dict:
    return {
        "subscription_id": consumer.subscription_id,
        "endpoint_url": consumer.endpoint_url,
        "events": list(consumer.events),
        "blocking": list(consumer.blocking),
        "patterns": list(consumer.patterns),
    }


def _reset_event_counter(sim: Simulator, payload: dict) -> tuple[int, object]:
    sim.reset_event_counter()
    return 200, {"eventCounter": 0}


def _sale(sim: Simulator, payload: dict) -> tuple[int, object]:
    checked: dict[str, object] = {
        "workplace": whole(payload.get("workplace", 1), "workplace", minimum=1, maximum=999),
        "branch": whole(payload.get("branch", 1), "branch", minimum=1, maximum=999),
    }
    for name in ("scan_code", "relation_email", "credit_receipt_id"):
        if payload.get(name) is not None:
            checked[name] = text(payload[name], name)
    articles = payload.get("articles")
    if articles is not None:
        if not isinstance(articles, list) or len(articles) > 200:
            raise ControlError("articles: a list of at most 200 {article_number, quantity}")
        checked["articles"] = [
            {
                "article_number": whole(
                    _field(item, "article_number"), "article_number", minimum=1, maximum=10**9
                ),
                "quantity": whole(_field(item, "quantity", 1), "quantity", minimum=1, maximum=999),
            }
            for item in articles
        ]
    sale = cashier.sale_from_json(sim, checked)
    return 201, sale.as_json()


def _field(item: object, name: str, default: object = None) -> object:
    if not isinstance(item, dict):
        raise ControlError("articles: each one an object {article_number, quantity}")
    return item.get(name, default)


_ACTIONS = {
    ("POST", "/_simulator/advance"): _advance,
    ("POST", "/_simulator/faults"): _add_fault,
    ("POST", "/_simulator/webhook-consumers"): _add_webhook_consumer,
    ("POST", "/_simulator/sale"): _sale,
    ("POST", "/_simulator/event-counter/reset"): _reset_event_counter,
}
_FIELDS = {
    ("POST", "/_simulator/advance"): {"minutes"},
    ("POST", "/_simulator/faults"): {"operation", "kind", "times", *FAULT_PARAMETERS},
    ("POST", "/_simulator/webhook-consumers"): {
        "endpoint_url",
        "subscription_id",
        "secret_key",
        "events",
        "blocking",
        "patterns",
        "enabled",
    },
    ("POST", "/_simulator/sale"): {
        "workplace",
        "branch",
        "scan_code",
        "articles",
        "relation_email",
        "credit_receipt_id",
    },
    ("POST", "/_simulator/event-counter/reset"): set(),
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


def required_text(payload: dict, name: str) -> str:
    value = text(payload.get(name), name).strip()
    if not value:
        raise ControlError(f"{name}: required")
    return value


def names(payload: dict, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = payload.get(name, default)
    if not isinstance(value, list | tuple) or len(value) > 100:
        raise ControlError(f"{name}: a list of texts")
    return tuple(text(v, name) for v in value)


def flag(payload: dict, name: str, default: bool) -> bool:
    value = payload.get(name, default)
    if not isinstance(value, bool):
        raise ControlError(f"{name}: true or false")
    return value


def catalogue(sim: Simulator) -> dict:
    """What the Kassa page offers: every workplace and the articles sold by the piece."""
    return {
        "workplaces": [
            {"branch": b.number, "branch_name": b.name, "workplace": w.number, "name": w.name}
            for b in sim.branches
            for w in b.workplaces
        ],
        "articles": [
            {"number": a.number, "text": a.text, "price": a.price}
            for a in ARTICLES
            if not a.decimal_places
        ],
    }
