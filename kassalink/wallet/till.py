"""What our endpoint does for each POS webhook event, in one transaction with its log row.

`scanCode` remembers the session for the customer whose code it is; `completeSession` and
`creditSession` close the session, hand the shopper without a code a claim link for the
receipt footer, and start the connection's receipts run once committed so the
authoritative receipt arrives at once. A replayed event (same replay key) gets the answer
it got the first time and changes nothing.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kassalink.mplus import webhooks

from .customers import identify, masked_email
from .matching import tie_stored_receipt
from .models import PosSession, WebhookCall, hash_token
from .subscriptions import Subscription


def fallback_answer(event: str) -> bytes:
    """What the till gets when we cannot do better in time: not recognized / no footer."""
    if event == webhooks.SCAN_CODE:
        with translation.override(settings.LANGUAGE_CODE):
            message = _("Digitale bon nu niet beschikbaar.")
        return webhooks.encode_answer(webhooks.ScanCodeAnswer(False, message))
    return webhooks.encode_answer()


def handle(
    sub: Subscription, request: webhooks.WebhookRequest, started: float, outcome_prefix: str = ""
) -> bytes:
    """Answer one verified, parsed event; writes the session and the log row."""
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        prior = (
            WebhookCall.objects.filter(
                connection_id=sub.connection_id, replay_key=request.replay_key, status=200
            )
            .order_by("pk")
            .first()
        )
        if prior is not None:
            answer, outcome = prior.answer.encode(), "replay"
        elif request.event == webhooks.SCAN_CODE:
            answer, outcome = _scan_code(sub, request)
        elif request.event in (webhooks.COMPLETE_SESSION, webhooks.CREDIT_SESSION):
            answer, outcome = _complete_session(sub, request)
        else:
            answer, outcome = webhooks.encode_answer(), "ignored"
        if request.retry_error:
            outcome += f" (retry after {request.retry_error[0]})"
        log_call(
            sub.connection_id, request.event, 200, answer, started, request,
            outcome=outcome_prefix + outcome,
        )  # fmt: skip
    return answer


def log_call(
    connection_id: int,
    event: str,
    status: int,
    answer: bytes,
    started: float,
    request: webhooks.WebhookRequest | None = None,
    error_code: str = "",
    outcome: str = "",
) -> None:
    WebhookCall.objects.create(
        connection_id=connection_id,
        event=event[:40],
        session_id=request.session_id if request else "",
        replay_key=request.replay_key if request else "",
        status=status,
        error_code=error_code,
        outcome=outcome[:200],
        answer=answer.decode(),
        elapsed_ms=(time.perf_counter() - started) * 1000,
    )


def _session(sub: Subscription, request: webhooks.WebhookRequest) -> PosSession:
    session, _created = PosSession.objects.select_for_update().get_or_create(
        connection_id=sub.connection_id,
        session_id=request.session_id,
        defaults={
            "branch_number": request.branch_number,
            "workplace_number": request.workplace_number,
            "started_at": request.timestamp,
        },
    )
    return session


def _scan_code(sub: Subscription, request: webhooks.WebhookRequest) -> tuple[bytes, str]:
    session_key = f"{sub.connection_id}:{request.session_id}"
    # The moment of the scan is the POS's (signed) timestamp: an event handled late, after
    # the database came back, still counts the code as it was when scanned.
    found = identify(request.scanned_code or "", session_key, request.timestamp)
    if found.customer is None:
        answer = webhooks.ScanCodeAnswer(False, found.problem)
        return webhooks.encode_answer(answer), f"not recognized: {found.problem}"
    session = _session(sub, request)
    session.customer = found.customer
    session.save(update_fields=["customer"])
    email = masked_email(found.customer.user.email)
    answer = webhooks.ScanCodeAnswer(
        True,
        _("Digitale bon: klant herkend (%(email)s).") % {"email": email},
        _("Digitale bon voor %(email)s") % {"email": email},
    )
    return webhooks.encode_answer(answer), "recognized"


def claim_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("wallet_claim", args=[token])


def _complete_session(sub: Subscription, request: webhooks.WebhookRequest) -> tuple[bytes, str]:
    session = _session(sub, request)
    session.completed_at = request.timestamp
    session.total_incl_cents = request.total_incl_cents
    session.is_credit = request.event == webhooks.CREDIT_SESSION
    if request.relation and request.relation.email:
        session.relation_email = request.relation.email
    footer = None
    outcome = "customer" if session.customer_id else "no customer"
    if session.customer_id is None and not session.is_credit:
        token = secrets.token_urlsafe(18)
        session.claim_hash = hash_token(token)
        footer = webhooks.ReceiptFooter(_("Scan voor uw digitale bon"), claim_url(token))
        outcome = "claim link printed"
    session.save()
    tie_stored_receipt(session)
    connection_id = sub.connection_id
    transaction.on_commit(lambda: start_receipts_run(connection_id))
    blocking = request.event in sub.blocking or request.blocking
    return webhooks.encode_answer(receipt_footer=footer if blocking else None), outcome


# One receipts run per connection at most every RUN_SPACING seconds (per process): a busy
# shop's completeSessions share a run instead of queueing one each. Every completeSession
# is still followed by a run that starts after it.
RUN_SPACING = 1.0
_next_run: dict[int, float] = {}
_next_run_lock = threading.Lock()


def start_receipts_run(connection_id: int) -> None:
    """Queue the receipts stream now (or right after the one already queued) rather than
    at the next minute; a failure to queue only delays the receipt to the schedule."""
    from kassalink.connections.actions import SYNCABLE
    from kassalink.connections.models import Connection
    from kassalink.sync.models import SyncRun
    from kassalink.sync.tasks import run_stream_task

    now = time.monotonic()
    with _next_run_lock:
        due = _next_run.get(connection_id)
        if due is not None and due >= now:
            return  # a queued run has not started yet: it will see this receipt
        start = now if due is None else max(now, due + RUN_SPACING)
        _next_run[connection_id] = start
    status = Connection.objects.filter(pk=connection_id).values_list("status", flat=True).first()
    if status not in SYNCABLE:
        return
    try:
        run_stream_task.apply_async(
            (connection_id, "receipts", SyncRun.Trigger.WEBHOOK), countdown=start - now
        )
    except Exception:  # the broker is away: the beat schedule picks it up within a minute
        logging.getLogger(__name__).warning("could not queue receipts run for %s", connection_id)
