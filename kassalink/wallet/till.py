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

from . import till_sql
from .customers import claim, masked_email, recognize
from .matching import tie_stored_receipt
from .models import PosSession, hash_token
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
    """Answer one verified, parsed event; writes the session and the log row.

    What needs no lock is done first (a replay found, the customer looked up, the claim
    link made); the transaction then holds the write lock only for a few plain statements
    (kassalink.wallet.till_sql), and checks for the replay again under it."""
    with translation.override(settings.LANGUAGE_CODE):
        prior = till_sql.prior_answer(sub.connection_id, request.replay_key)
        work = None if prior is not None else _prepare(sub, request)
        with transaction.atomic():
            if prior is None:
                prior = till_sql.prior_answer(sub.connection_id, request.replay_key)
            if prior is not None:
                answer, outcome = prior.encode(), "replay"
            else:
                answer, outcome = work()
            if request.retry_error:
                outcome += f" (retry after {request.retry_error[0]})"
            log_call(
                sub.connection_id, request.event, 200, answer, started, request,
                outcome=outcome_prefix + outcome,
            )  # fmt: skip
    return answer


def _prepare(sub: Subscription, request: webhooks.WebhookRequest):
    """The event's reads, before the lock; returns what writes under it: () -> (answer, outcome)."""
    if request.event == webhooks.SCAN_CODE:
        return _prepare_scan(sub, request)
    if request.event in (webhooks.COMPLETE_SESSION, webhooks.CREDIT_SESSION):
        return _prepare_complete(sub, request)
    return lambda: (webhooks.encode_answer(), "ignored")


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
    till_sql.insert_call(
        connection_id, event, status, answer, started,
        session_id=request.session_id if request else "",
        replay_key=request.replay_key if request else "",
        error_code=error_code, outcome=outcome,
    )  # fmt: skip


def _prepare_scan(sub: Subscription, request: webhooks.WebhookRequest):
    session_key = f"{sub.connection_id}:{request.session_id}"
    # The moment of the scan is the POS's (signed) timestamp: an event handled late, after
    # the database came back, still counts the code as it was when scanned.
    recognized = recognize(request.scanned_code or "", session_key, request.timestamp)
    customer = recognized.customer
    if customer is not None:
        email = masked_email(customer.user.email)
        welcome = webhooks.ScanCodeAnswer(
            True,
            _("Digitale bon: klant herkend (%(email)s).") % {"email": email},
            _("Digitale bon voor %(email)s") % {"email": email},
        )

    def write() -> tuple[bytes, str]:
        found = claim(recognized, session_key)
        if found.customer is None:
            answer = webhooks.ScanCodeAnswer(False, found.problem)
            return webhooks.encode_answer(answer), f"not recognized: {found.problem}"
        till_sql.remember_customer(sub.connection_id, request, found.customer.pk)
        return webhooks.encode_answer(welcome), "recognized"

    return write


def claim_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("wallet_claim", args=[token])


def _prepare_complete(sub: Subscription, request: webhooks.WebhookRequest):
    is_credit = request.event == webhooks.CREDIT_SESSION
    # Made for every sale, printed only for one without a customer.
    token = secrets.token_urlsafe(18)
    footer = webhooks.ReceiptFooter(_("Scan voor uw digitale bon"), claim_url(token))
    blocking = request.event in sub.blocking or request.blocking

    def write() -> tuple[bytes, str]:
        session = till_sql.complete_session(
            sub.connection_id, request, is_credit, hash_token(token)
        )
        if session.receipt_id is None and till_sql.stored_receipt_id(
            sub.connection_id, request.session_id
        ):
            tie_stored_receipt(PosSession.objects.get(pk=session.pk))
        connection_id = sub.connection_id
        transaction.on_commit(lambda: start_receipts_run(connection_id))
        printed = session.customer_id is None and not is_credit
        outcome = "customer" if session.customer_id else "no customer"
        if printed:
            outcome = "claim link printed"
        answer = webhooks.encode_answer(receipt_footer=footer if printed and blocking else None)
        return answer, outcome

    return write


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
