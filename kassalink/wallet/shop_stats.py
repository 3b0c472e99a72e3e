"""The shop's view of digital receipts: per day how many went digital (scanned, claimed,
e-mailed), and the webhook log."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import PosSession, WalletEntry, WebhookCall


@dataclass(frozen=True)
class DigitalDay:
    day: date
    scanned: int
    claimed: int
    emailed: int


def digital_receipts_per_day(connection_id: int, days: int = 14) -> list[DigitalDay]:
    """Newest day first; days without any are left out."""
    since = timezone.now() - timedelta(days=days)
    zone = timezone.get_default_timezone()
    counts: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    entries = (
        WalletEntry.objects.filter(receipt__connection_id=connection_id, added_at__gte=since)
        .annotate(day=TruncDate("added_at", tzinfo=zone))
        .values("day", "source")
        .annotate(n=Count("pk"))
    )
    for row in entries:
        counts[row["day"]][row["source"]] += row["n"]
    mailed = (
        PosSession.objects.filter(connection_id=connection_id, emailed_at__gte=since)
        .annotate(day=TruncDate("emailed_at", tzinfo=zone))
        .values("day")
        .annotate(n=Count("pk"))
    )
    for row in mailed:
        counts[row["day"]]["emailed"] += row["n"]
    return [
        DigitalDay(day, c["scanned"] + c["credit"], c["claimed"], c["emailed"])
        for day, c in sorted(counts.items(), reverse=True)
    ]


def recent_calls(connection_id: int, limit: int = 50) -> list[WebhookCall]:
    return list(WebhookCall.objects.filter(connection_id=connection_id)[:limit])
