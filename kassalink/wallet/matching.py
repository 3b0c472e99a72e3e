"""Tying till sessions to the receipts the POS booked for them, inside the receipts
import's transaction (signal `receipts_stored`).

Rule 1, `session_id`: the receipt's order carries `webhookSessionData.webhookSessionId`.
Rule 2, `workplace_time_total` (when the order has no session id): a receipt of the same
branch and workplace with the session's total, entered within KASSALINK_WALLET_MATCH_WINDOW
seconds of the session's end, and only when exactly one receipt fits. The session records
which rule matched. A tied session puts the receipt in the scanned customer's wallet, or
mails it to the POS relation's address; a credit receipt follows its original's wallet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kassalink.receipts.digital import mark_digital
from kassalink.receipts.models import Receipt
from kassalink.receipts.signals import StoredReceipt

from .models import PosSession, WalletEntry

FALLBACK_LOOKBACK = timedelta(days=1)


def tie_receipts(
    connection_id: int, receipt_ids: Iterable[int], receipts: Sequence[StoredReceipt] | None = None
) -> int:
    """Tie stored receipts to waiting sessions; returns how many sessions were tied.
    `receipts`, when the importer has them in memory, saves reading them back."""
    if receipts is None:
        receipts = list(
            Receipt.objects.filter(pk__in=list(receipt_ids)).only(
                "pk", "webhook_session_id", "branch_number", "workplace_number",
                "total_incl_cents", "entry_at", "credited_receipt_id", "receipt_type",
            )
        )  # fmt: skip
    if not receipts:
        return 0
    tied = 0
    by_session = {r.webhook_session_id: r for r in receipts if r.webhook_session_id}
    waiting = PosSession.objects.filter(connection_id=connection_id, receipt__isnull=True)
    for session in waiting.filter(session_id__in=list(by_session)):
        tied += _tie(session, by_session[session.session_id], PosSession.MatchRule.SESSION_ID)
    window = timedelta(seconds=settings.KASSALINK_WALLET_MATCH_WINDOW)
    loose = [r for r in receipts if not r.webhook_session_id and r.entry_at is not None]
    if loose:
        since = timezone.now() - FALLBACK_LOOKBACK
        for session in waiting.filter(completed_at__gte=since, total_incl_cents__isnull=False):
            fits = [
                r for r in loose
                if r.branch_number == session.branch_number
                and r.workplace_number == session.workplace_number
                and r.total_incl_cents == session.total_incl_cents
                and abs(r.entry_at - session.completed_at) <= window
                and not PosSession.objects.filter(receipt_id=r.pk).exists()
            ]  # fmt: skip
            if len(fits) == 1:
                tied += _tie(session, fits[0], PosSession.MatchRule.WORKPLACE_TIME_TOTAL)
    _follow_credits(r for r in receipts if r.credited_receipt_id)
    return tied


def tie_stored_receipt(session: PosSession) -> None:
    """At completeSession: the receipt may already be here (imported by a run in between)."""
    if session.receipt_id is not None:
        return
    receipt = Receipt.objects.filter(
        connection_id=session.connection_id, webhook_session_id=session.session_id
    ).first()
    if receipt is not None and not PosSession.objects.filter(receipt=receipt).exists():
        _tie(session, receipt, PosSession.MatchRule.SESSION_ID)


def _tie(session: PosSession, receipt: Receipt | StoredReceipt, rule: str) -> int:
    session.receipt_id = receipt.pk
    session.match_rule = rule
    session.matched_at = timezone.now()
    session.save(update_fields=["receipt", "match_rule", "matched_at"])
    if session.customer_id is not None:
        WalletEntry.objects.get_or_create(
            receipt_id=receipt.pk,
            defaults={"customer_id": session.customer_id, "source": WalletEntry.Source.SCANNED},
        )
        mark_digital([receipt.pk], session.matched_at)
    elif session.relation_email and not session.emailed_at:
        from .delivery import queue_receipt_email

        queue_receipt_email(session.pk, session.relation_email)
    return 1


def _follow_credits(credits: Iterable[Receipt | StoredReceipt]) -> None:
    """A credit receipt goes to the wallet its original is in (one query for the page)."""
    credits = list(credits)
    if not credits:
        return
    originals = WalletEntry.objects.filter(
        receipt_id__in=[credit.credited_receipt_id for credit in credits]
    )
    in_wallet = {entry.receipt_id: entry for entry in originals}
    for credit in credits:
        original = in_wallet.get(credit.credited_receipt_id)
        if original is not None:
            WalletEntry.objects.get_or_create(
                receipt_id=credit.pk,
                defaults={"customer_id": original.customer_id, "source": WalletEntry.Source.CREDIT},
            )
            mark_digital([credit.pk])


def on_receipts_stored(
    sender: object,
    connection: object,
    receipt_ids: list[int],
    receipts: Sequence[StoredReceipt] | None = None,
    **kw: object,
) -> None:
    if receipt_ids:
        with transaction.atomic():
            tie_receipts(connection.pk, receipt_ids, receipts)
