"""The /_simulator/* control endpoints: JSON in, (status, JSON) out."""

from . import cashier
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
            endpoint_url=str(payload["endpoint_url"]),
            token=str(payload.get("token", "")),
            application_name=str(payload.get("application_name", "kassalink")),
            patterns=tuple(payload.get("patterns", ())) or None,
        )
        return 201, {"webhookConsumerId": consumer.consumer_id}
    if route == ("POST", "/_simulator/sale"):
        sale = cashier.sale_from_json(sim, payload)
        return 201, sale.as_json()
    return 404, {"error": f"no control endpoint {method} {path}"}
