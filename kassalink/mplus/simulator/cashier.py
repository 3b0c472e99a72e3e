"""A cashier's sale at the simulated till, with the POS webhooks a real MplusKASSA sends:
`scanCode` when a customer's code is scanned (to consumers whose pattern matches), then
`completeSession` (or `creditSession` for a return) once paid. The order of the booked
receipt carries the webhook session id; a blocking consumer's `receiptFooter` is what the
till prints under the receipt."""

import random
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal

from kassalink.mplus import webhooks

from .catalogue import ARTICLES_BY_NUMBER
from .money import make_line, vat_groups
from .records import Line, Receipt, WebhookConsumer
from .sales import make_sale, new_uuid
from .soap_time import local
from .webhook_calls import WebhookCall, call_consumer
from .world import Simulator


@dataclass(frozen=True)
class CashierSale:
    receipt: Receipt
    session_id: str
    calls: tuple[WebhookCall, ...]
    footer: webhooks.ReceiptFooter | None

    @property
    def scan_answer(self) -> webhooks.ScanCodeAnswer | None:
        for call in self.calls:
            if call.event == webhooks.SCAN_CODE and call.answer.scan_code is not None:
                return call.answer.scan_code
        return None

    def as_json(self) -> dict:
        receipt = self.receipt
        return {
            "receiptId": receipt.receipt_id,
            "transactionString": receipt.transaction_string,
            "syncMarker": receipt.sync_marker,
            "sessionId": self.session_id,
            "totalInclAmount": receipt.total_incl,
            "webhookCalls": [call.as_json() for call in self.calls],
            "footer": None
            if self.footer is None
            else {"text": self.footer.text, "qr": self.footer.code, "qrSvg": _qr_svg(self.footer)},
            "printed": printed_receipt(receipt),
        }


def _qr_svg(footer: webhooks.ReceiptFooter) -> str | None:
    """The footer's QR code as the till would print it (needs segno, else None)."""
    try:
        import segno
    except ImportError:
        return None
    return segno.make(footer.code, error="m").svg_inline(scale=4, border=2)


def printed_receipt(receipt: Receipt) -> list[str]:
    """The paper receipt's lines, for the Kassa page."""
    rows = [f"Bon {receipt.transaction_string}", local(receipt.entry).strftime("%d-%m-%Y %H:%M")]
    for line in receipt.lines:
        quantity = Decimal(line.quantity).scaleb(-line.decimal_places)
        rows.append(f"{quantity} x {line.article.text}  {Decimal(line.total_incl).scaleb(-2)}")
    rows.append(f"Totaal  {Decimal(receipt.total_incl).scaleb(-2)}")
    rows += [f"{p.description}  {Decimal(p.amount).scaleb(-2)}" for p in receipt.payments]
    return rows


def consumers_for(
    sim: Simulator, event: str, scan_code: str | None = None
) -> list[WebhookConsumer]:
    """Enabled consumers subscribed to `event` (for scanCode: whose pattern matches)."""
    found = []
    for consumer in sim.webhook_consumers:
        if not consumer.enabled or event not in consumer.events:
            continue
        if event == webhooks.SCAN_CODE and not any(
            re.fullmatch(pattern, scan_code or "") for pattern in consumer.patterns
        ):
            continue
        found.append(consumer)
    return found


def _basket(articles: list[tuple[int, int]], employee: int, cost_center: str) -> list[Line]:
    lines = []
    for number, quantity in articles:
        article = ARTICLES_BY_NUMBER.get(number)
        if article is None:
            raise ValueError(f"there is no article {number}")
        if not 0 < quantity <= 1000:
            raise ValueError("quantity must be 1-1000")
        units = quantity * 10**article.decimal_places if article.decimal_places else quantity
        lines.append(make_line(f"line-{len(lines) + 1}", employee, article, units, 0, cost_center))
    return lines


def _session_lines(receipt: Receipt) -> tuple[webhooks.SessionLine, ...]:
    return tuple(
        webhooks.SessionLine(
            line.line_id, line.article.number, line.article.text,
            Decimal(line.quantity).scaleb(-line.decimal_places), line.price,
        )
        for line in receipt.lines
    )  # fmt: skip


def run_sale(
    sim: Simulator,
    *,
    workplace: int = 1,
    branch: int = 1,
    scan_code: str | None = None,
    articles: list[tuple[int, int]] | None = None,
    relation_email: str | None = None,
    credit_of: str | None = None,
    timeout: float = webhooks.POS_TIMEOUT,
) -> CashierSale:
    """Act out a sale (or, with `credit_of`, the return of that receipt) at the till now."""
    shop = sim.branch(branch)
    if shop is None or workplace not in {w.number for w in shop.workplaces}:
        raise ValueError(f"there is no workplace {workplace} in branch {branch}")
    now = sim.catch_up()
    rng = random.Random(
        f"{sim.seed}:cashier:{now.isoformat()}:{scan_code}:{new_uuid(random.Random())}"
    )
    if credit_of is not None:
        sale = _credit_sale(sim, rng, credit_of, now)
    else:
        employee = _cashier(sim, rng, branch, now)
        basket = _basket(articles, employee.number, shop.turnover_cost_center) if articles else None
        sale = make_sale(rng, now, shop, employee, workplace, basket)
    session_id = new_uuid(rng)
    relation = webhooks.Relation(None, relation_email) if relation_email else None
    stamp = datetime.now(UTC)  # the POS stamps events with its wall clock

    def request(event: str, **extra: object) -> webhooks.WebhookRequest:
        return webhooks.WebhookRequest(
            event=event, blocking=False, counter=sim.next_event_counter(), timestamp=stamp,
            branch_number=branch, workplace_number=workplace, session_id=session_id,
            lines=_session_lines(sale), total_incl_cents=sale.total_incl, relation=relation,
            **extra,
        )  # fmt: skip

    calls: list[WebhookCall] = []
    relation_number = sale.relation_number
    if scan_code:
        for consumer in consumers_for(sim, webhooks.SCAN_CODE, scan_code):
            blocking = webhooks.SCAN_CODE in consumer.blocking
            event = replace(request(webhooks.SCAN_CODE, scanned_code=scan_code), blocking=blocking)
            call = call_consumer(consumer, event, timeout)
            calls.append(call)
            scan = call.answer.scan_code
            if scan is not None and scan.recognized and scan.relation_number is not None:
                relation_number = scan.relation_number
    booked = sim.record_sale(
        replace(sale, webhook_session_id=session_id, relation_number=relation_number)
    )
    closing = webhooks.CREDIT_SESSION if credit_of else webhooks.COMPLETE_SESSION
    footer = None
    for consumer in consumers_for(sim, closing):
        blocking = closing in consumer.blocking
        call = call_consumer(consumer, replace(request(closing), blocking=blocking), timeout)
        calls.append(call)
        if blocking and footer is None and call.answer.receipt_footer is not None:
            footer = call.answer.receipt_footer
    return CashierSale(booked, session_id, tuple(calls), footer)


def _cashier(sim: Simulator, rng: random.Random, branch: int, now: datetime):
    today = local(now).date()
    on_duty = [sim.employee(s.employee_number) for s in sim.shifts(today, today, [branch])
               if not s.ended]  # fmt: skip
    staff = (
        [e for e in on_duty if e is not None]
        or [e for e in sim.employees if e.active and branch in e.branch_numbers]
        or list(sim.employees)
    )
    return rng.choice(staff)


def _credit_sale(sim: Simulator, rng: random.Random, receipt_id: str, now: datetime) -> Receipt:
    """Every line of `receipt_id` returned now."""
    original = sim.receipt(receipt_id)
    if original is None or original.is_credit:
        raise ValueError(f"there is no receipt {receipt_id} to return")
    lines = tuple(
        make_line(new_uuid(rng), old.employee_number, old.article, -old.quantity,
                  old.discount_percentage, old.cost_center)
        for old in original.lines
    )  # fmt: skip
    groups = vat_groups(lines)
    total = sum(line.total_incl for line in lines)
    refund = original.payments[-1]
    return replace(
        original,
        receipt_id=new_uuid(rng),
        order_id=new_uuid(rng),
        receipt_type="RECEIPT-TYPE-CREDIT-RECEIPT",
        entry=now,
        financial_date=local(now).date(),
        total_incl=total,
        total_excl=sum(g.excl_amount for g in groups),
        vat_groups=groups,
        lines=lines,
        payments=(replace(refund, payment_id=new_uuid(rng), amount=total),),
        credited_receipt_id=original.receipt_id,
        reference="Retour",
        number=0,
        sync_marker=0,
        order_number=0,
        change_counter=0,
    )


def _articles(raw: object) -> list[tuple[int, int]] | None:
    if raw in (None, []):
        return None
    if not isinstance(raw, list):
        raise ValueError("articles must be a list of {article_number, quantity}")
    if not all(isinstance(item, dict) for item in raw):
        raise ValueError("articles must be a list of {article_number, quantity}")
    return [(int(item.get("article_number")), int(item.get("quantity", 1))) for item in raw]


def sale_from_json(sim: Simulator, payload: dict) -> CashierSale:
    """The control endpoint's JSON: workplace, branch, optional scan_code, articles
    [{article_number, quantity}], relation_email, credit_receipt_id."""
    scan_code = payload.get("scan_code")
    if scan_code is not None and not isinstance(scan_code, str):
        raise ValueError("scan_code must be text")
    return run_sale(
        sim,
        workplace=int(payload.get("workplace", 1)),
        branch=int(payload.get("branch", 1)),
        scan_code=(scan_code or "").strip() or None,
        articles=_articles(payload.get("articles")),
        relation_email=payload.get("relation_email") or None,
        credit_of=payload.get("credit_receipt_id") or None,
    )
