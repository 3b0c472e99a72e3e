"""The marker that a receipt went digital (scanned into a wallet, claimed, e-mailed): the
dashboard's "digital or paper" filter and the sales view's digital share and paper saved
count on `Receipt.digital_since`, so every way a receipt reaches a customer sets it here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from .models import Receipt


def mark_digital(receipt_ids: Iterable[int], at: datetime | None = None) -> int:
    """Set `digital_since` on these receipts where it is not set yet (the first delivery
    counts; a later claim or mail never moves it); returns how many changed."""
    ids = [pk for pk in receipt_ids if pk is not None]
    if not ids:
        return 0
    return Receipt.objects.filter(pk__in=ids, digital_since__isnull=True).update(
        digital_since=at or timezone.now()
    )
