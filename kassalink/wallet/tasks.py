"""Celery tasks of the wallet. Tasks carry ids, never payloads."""

from celery import shared_task


@shared_task(name="kassalink.wallet.send_receipt_email", ignore_result=True)
def send_receipt_email_task(session_id: int, address: str) -> bool:
    from .delivery import send_receipt_email

    return send_receipt_email(session_id, address)
