"""Finding receipts in a wallet: shop, article, amount and date range (pages and API)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _


class SearchError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ReceiptSearch:
    shop: str = ""
    article: str = ""
    amount_cents: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def _amount(raw: str) -> int | None:
    if not raw.strip():
        return None
    try:
        value = Decimal(raw.strip().replace(",", "."))
    except InvalidOperation:
        raise SearchError("amount", _("Bedrag: vul een bedrag in, bijv. 12,50.")) from None
    if not value.is_finite() or abs(value) > 10**9 or value != value.quantize(Decimal("0.01")):
        raise SearchError("amount", _("Bedrag: vul een bedrag in, bijv. 12,50."))
    return int(value * 100)


def _date(raw: str, field: str) -> date | None:
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise SearchError(field, _("Datum: gebruik jjjj-mm-dd.")) from None


def parse_search(params: dict[str, str]) -> ReceiptSearch:
    """From query parameters; SearchError names the field that is wrong."""
    return ReceiptSearch(
        shop=str(params.get("shop", "")).strip()[:100],
        article=str(params.get("article", "")).strip()[:100],
        amount_cents=_amount(str(params.get("amount", ""))),
        date_from=_date(str(params.get("date_from", "")), "date_from"),
        date_to=_date(str(params.get("date_to", "")), "date_to"),
    )


def apply_search(entries: QuerySet, search: ReceiptSearch) -> QuerySet:
    if search.shop:
        entries = entries.filter(receipt__organization__name__icontains=search.shop)
    if search.article:
        entries = entries.filter(
            Q(receipt__lines__description__icontains=search.article)
        ).distinct()
    if search.amount_cents is not None:
        entries = entries.filter(
            Q(receipt__total_incl_cents=search.amount_cents)
            | Q(receipt__total_incl_cents=-search.amount_cents)
        )
    zone = timezone.get_default_timezone()
    if search.date_from:
        entries = entries.filter(
            receipt__entry_at__gte=datetime.combine(search.date_from, time.min, zone)
        )
    if search.date_to:
        entries = entries.filter(
            receipt__entry_at__lte=datetime.combine(search.date_to, time.max, zone)
        )
    return entries
