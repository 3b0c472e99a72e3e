"""The /_simulator/* control endpoints: JSON in, (status, JSON) out."""

from . import cashier
from .catalogue import ARTICLES
from .world import Simulator


def handle(sim: Simulator, method: str, path: str, payload: dict) -> tuple[int, object]:
    route = (method, path.rstrip("/"))
    if route == ("GET", "/_simulator/state"):
        return 200, sim.state()
    if route == ("POST", "/_simulator/advance"):
        minutes = float(payload.get("minutes", 0))
        sim.advance(minutes)
        return 200, sim.state()
    if route == ("POST", "/_simulator/faults"):
        fields = dict(payload)
        operation = str(fields.pop("operation", "*"))
        kind = str(fields.pop("kind"))
        times = int(fields.pop("times", 1))
        sim.faults.add(operation, kind, times, **fields)
        return 201, {"faults": sim.faults.pending()}
    if route == ("GET", "/_simulator/faults"):
        return 200, {"faults": sim.faults.pending()}
    if route == ("DELETE", "/_simulator/faults"):
        sim.faults.clear()
        return 200, {"faults": []}
    if route == ("POST", "/_simulator/webhook-consumers"):
        consumer = sim.add_webhook_consumer(
            endpoint_url=_text(payload, "endpoint_url"),
            subscription_id=_text(payload, "subscription_id"),
            secret_key=_text(payload, "secret_key"),
            events=_names(payload, "events", ("scanCode", "completeSession", "creditSession")),
            blocking=_names(payload, "blocking", ("scanCode", "completeSession")),
            patterns=_names(payload, "patterns", ()) or None,
            enabled=bool(payload.get("enabled", True)),
        )
        return 201, {
            "webhookConsumerId": consumer.consumer_id,
            "subscriptionId": consumer.subscription_id,
        }
    if route == ("GET", "/_simulator/webhook-consumers"):
        return 200, {
            "consumers": [
                {
                    "subscription_id": c.subscription_id,
                    "endpoint_url": c.endpoint_url,
                    "events": list(c.events),
                    "blocking": list(c.blocking),
                    "patterns": list(c.patterns),
                }
                for c in sim.webhook_consumers
            ]
        }
    if route == ("POST", "/_simulator/event-counter/reset"):
        sim.reset_event_counter()
        return 200, {"eventCounter": 0}
    if route == ("GET", "/_simulator/catalogue"):
        return 200, catalogue(sim)
    if route == ("POST", "/_simulator/sale"):
        sale = cashier.sale_from_json(sim, payload)
        return 201, sale.as_json()
    return 404, {"error": f"no control endpoint {method} {path}"}


def _text(payload: dict, name: str) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} is required (text)")
    return value.strip()


def _names(payload: dict, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = payload.get(name, default)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} must be a list of text")
    return tuple(value)


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
