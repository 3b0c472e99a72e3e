"""A cashier's sale with a scanned customer code: the POS asks the matching webhook
consumer about the code during the sale, then completes the sale, whose order carries
the webhook session id."""

import random
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from .records import Receipt, WebhookConsumer
from .sales import make_sale, new_uuid
from .soap_time import local
from .webhook_calls import SessionLine, WebhookAnswer, call_webhook, scan_code_request
from .world import Simulator


@dataclass(frozen=True)
class CashierSale:
    receipt: Receipt
    session_id: str
    idempotency_key: str
    answer: WebhookAnswer | None

    def as_json(self) -> dict:
        answer = self.answer
        return {
            "receiptId": self.receipt.receipt_id,
            "transactionString": self.receipt.transaction_string,
            "syncMarker": self.receipt.sync_marker,
            "sessionId": self.session_id,
            "idempotencyKey": self.idempotency_key,
            "totalInclAmount": self.receipt.total_incl,
            "webhook": None
            if answer is None
            else {
                "status": answer.status,
                "recognized": answer.recognized,
                "relationNumber": answer.relation_number,
                "messages": list(answer.messages),
                "error": answer.error,
            },
        }


def matching_consumer(sim: Simulator, scan_code: str) -> WebhookConsumer | None:
    for consumer in sim.webhook_consumers:
        if any(re.fullmatch(pattern, scan_code) for pattern in consumer.patterns):
            return consumer
    return None


def run_sale(
    sim: Simulator,
    *,
    workplace: int = 1,
    branch: int = 1,
    scan_code: str,
    webhook_url: str | None = None,
    token: str | None = None,
    timeout: float = 5.0,
) -> CashierSale:
    """Act out a sale at the till now. Without `webhook_url`, the first registered
    consumer whose pattern matches the code is called; with none, no call is made."""
    shop = sim.branch(branch)
    if shop is None or workplace not in {w.number for w in shop.workplaces}:
        raise ValueError(f"there is no workplace {workplace} in branch {branch}")
    if not scan_code:
        raise ValueError("scan_code is required")
    now = sim.catch_up()
    rng = random.Random(f"{sim.seed}:cashier:{now.isoformat()}:{scan_code}")
    today = local(now).date()
    on_duty = [sim.employee(s.employee_number) for s in sim.shifts(today, today, [branch])
               if not s.ended]  # fmt: skip
    staff = (
        [e for e in on_duty if e is not None]
        or [e for e in sim.employees if e.active and branch in e.branch_numbers]
        or list(sim.employees)
    )
    employee = rng.choice(staff)
    sale = make_sale(rng, now, shop, employee, workplace)
    session_id, key = new_uuid(rng), new_uuid(rng)
    if webhook_url is None:
        consumer = matching_consumer(sim, scan_code)
        if consumer is not None:
            webhook_url, token = consumer.endpoint_url, token or consumer.token
    answer = None
    if webhook_url:
        lines = [
            SessionLine(
                line.line_id, line.article.number, line.article.text,
                Decimal(line.quantity).scaleb(-line.decimal_places), Decimal(line.price) / 100,
            )
            for line in sale.lines
        ]  # fmt: skip
        payload = scan_code_request(
            key, session_id, scan_code, branch, workplace, lines, sale.total_incl, sale.total_excl
        )
        answer = call_webhook(webhook_url, token or "", payload, timeout)
    relation = answer.relation_number if answer and answer.recognized else None
    booked = sim.record_sale(replace(sale, webhook_session_id=session_id, relation_number=relation))
    return CashierSale(booked, session_id, key, answer)


def sale_from_json(sim: Simulator, payload: dict) -> CashierSale:
    """The control endpoint's JSON: workplace, branch, scan_code, webhook_url, token."""
    return run_sale(
        sim,
        workplace=int(payload.get("workplace", 1)),
        branch=int(payload.get("branch", 1)),
        scan_code=str(payload.get("scan_code", "")),
        webhook_url=payload.get("webhook_url"),
        token=payload.get("token"),
    )
