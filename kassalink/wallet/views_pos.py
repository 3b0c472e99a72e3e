"""The POS webhook endpoint: `/webhooks/mplus/<subscription id>/<event>`.

Order of checks (nothing is stored before all pass): the subscription id in the URL is
ours, the `X-Mplus-Subscription-Id` header names the same one, the signature over the raw
body verifies, the body parses, the event is not older than KASSALINK_WEBHOOK_MAX_AGE.
Refusals are 400 with the documented error codes. Then the event is handled in a worker
thread under a time budget (KASSALINK_WEBHOOK_ANSWER_BUDGET_MS): whatever fails or lags
on our side (the database down or slow, a bug), the till gets a well-formed, signed answer
in time — "not recognized" or no footer — and the sale goes on.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from kassalink.mplus import webhooks

from . import spool, till
from .subscriptions import Subscription, find_subscription

log = logging.getLogger(__name__)
_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="pos-webhook")


def _response(status: int, body: bytes, key: str | None) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type=webhooks.CONTENT_TYPE)
    if key:
        response[webhooks.SIGNATURE_HEADER] = webhooks.sign(body, key)
    return response


def _refuse(sub: Subscription | None, error: webhooks.WebhookError, event: str, started: float):
    body = webhooks.encode_error(error.code, error.message)
    if sub is not None:
        try:
            till.log_call(sub.connection_id, event, 400, body, started, error_code=error.code,
                          outcome=error.message)  # fmt: skip
        except Exception:  # the log is not worth failing the answer for
            log.warning("webhook log unavailable", exc_info=True)
    return _response(400, body, sub.secret_key if sub else None)


def _in_worker(sub: Subscription, request: webhooks.WebhookRequest, started: float) -> bytes:
    # The pool's threads keep their database connection between calls (opening one costs
    # more than the rest of the work); after a failure it is dropped and made anew.
    try:
        return _handled(sub, request, started)
    except Exception:
        connections.close_all()
        raise


@csrf_exempt
def pos_webhook(request: HttpRequest, subscription_id: str, event: str) -> HttpResponse:
    started = time.perf_counter()
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    try:
        sub = find_subscription(subscription_id)
    except Exception:
        log.warning("subscription look-up failed; answering without it", exc_info=True)
        return _response(200, till.fallback_answer(event), None)
    if sub is None:
        error = webhooks.WebhookError(webhooks.INVALID_SUBSCRIPTION_ID, "unknown subscription")
        return _refuse(None, error, event, started)
    body = request.body
    try:
        if request.headers.get(webhooks.SUBSCRIPTION_HEADER, "").strip() != subscription_id:
            raise webhooks.WebhookError(
                webhooks.INVALID_SUBSCRIPTION_ID,
                "X-Mplus-Subscription-Id does not name this endpoint's subscription",
            )
        webhooks.verify(body, sub.secret_key, request.headers.get(webhooks.SIGNATURE_HEADER))
        parsed = webhooks.parse_request(event, body)
        max_age = settings.KASSALINK_WEBHOOK_MAX_AGE
        if max_age and abs(timezone.now() - parsed.timestamp) > timedelta(seconds=max_age):
            raise webhooks.WebhookError(
                webhooks.INVALID_REQUEST, "eventTimestamp is outside the replay window"
            )
    except webhooks.WebhookError as error:
        return _refuse(sub, error, event, started)
    return _response(200, _answer_in_time(sub, parsed, started), sub.secret_key)


def _handle_spooled(subscription_id: str, event: str, body: bytes) -> None:
    sub = find_subscription(subscription_id)
    if sub is None:  # the link's webhooks were switched off meanwhile
        log.warning("spooled webhook %s dropped: its subscription is gone", event)
        return
    request = webhooks.parse_request(event, body)
    till.handle(sub, request, time.perf_counter(), outcome_prefix="deferred: ")


def handle_deferred() -> int:
    """Handle what waited for the database (kassalink.wallet.spool), oldest first; stops at
    the next failure."""
    try:
        return spool.drain(_handle_spooled, transient=(DatabaseError,))
    except DatabaseError:
        connections.close_all()
        return 0


def _handled(sub: Subscription, parsed: webhooks.WebhookRequest, started: float) -> bytes:
    """Handle one event in this thread; a database error spools it (kassalink.wallet.spool)
    to be handled once the database answers again, after a restart too."""
    try:
        answer = till.handle(sub, parsed, started)
    except DatabaseError:
        spool.keep(sub.subscription_id, parsed.event, webhooks.encode_request(parsed))
        raise
    if spool.has_pending():
        handle_deferred()
    return answer


def _answer_in_time(sub: Subscription, parsed: webhooks.WebhookRequest, started: float) -> bytes:
    budget = settings.KASSALINK_WEBHOOK_ANSWER_BUDGET_MS / 1000
    if budget <= 0:  # inline: tests and tools that want the work done before the answer
        try:
            return _handled(sub, parsed, started)
        except Exception:
            log.exception("webhook %s failed; answered the fallback", parsed.event)
            close_old_connections()
            return till.fallback_answer(parsed.event)
    future = _pool.submit(_in_worker, sub, parsed, started)
    remaining = budget - (time.perf_counter() - started)
    try:
        return future.result(timeout=max(remaining, 0.05))
    except FutureTimeout:
        log.warning("webhook %s over budget; answered the fallback", parsed.event)
    except Exception:
        log.exception("webhook %s failed; answered the fallback", parsed.event)
    return till.fallback_answer(parsed.event)
