"""Receipts by e-mail: the receipt as HTML and as a PDF attachment, with a link to keep it
in a wallet. Nothing else goes in (no marketing). Sent by a Celery task queued on commit;
the task carries the session id, never the receipt."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kassalink.receipts.digital import mark_digital
from kassalink.receipts.render import receipt_document, receipt_pdf

from .models import PosSession, hash_token


def queue_receipt_email(session_id: int, address: str) -> None:
    from .tasks import send_receipt_email_task

    transaction.on_commit(lambda: send_receipt_email_task.delay(session_id, address))


def send_receipt_email(session_id: int, address: str) -> bool:
    """Mail the session's receipt to `address`; False when there is no receipt yet (the
    match will queue it again) or it was mailed already."""
    from .till import claim_url

    session = (
        PosSession.objects.select_related("receipt__organization", "receipt__credited_receipt")
        .filter(pk=session_id)
        .first()
    )
    if session is None or session.receipt is None:
        return False
    token = secrets.token_urlsafe(18)
    claimed = PosSession.objects.filter(pk=session.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now(), emailed_to=address, email_claim_hash=hash_token(token)
    )
    if not claimed:
        return False
    receipt = session.receipt
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "doc": receipt_document(receipt, settings.LANGUAGE_CODE),
            "claim_url": claim_url(token),
        }
        subject = " ".join(render_to_string("wallet/email/receipt_subject.txt", context).split())
        text = render_to_string("wallet/email/receipt_body.txt", context)
        html = render_to_string("wallet/email/receipt_body.html", context)
        pdf = receipt_pdf(receipt, settings.LANGUAGE_CODE)
    message = EmailMultiAlternatives(subject, text, None, [address])
    message.attach_alternative(html, "text/html")
    message.attach(f"kassabon-{receipt.display_number}.pdf", pdf, "application/pdf")
    message.send()
    mark_digital([receipt.pk])
    return True
