"""Sales insight from the shop's receipts, per branch and period: turnover, baskets,
articles, the week's hours, payment mix, returns and the paper digital receipts save.

Every figure is one aggregate query in the database (millions of receipts never enter
Python); days and hours are local (Europe/Amsterdam) time. Amounts are cents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, DecimalField, Max, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone
from django.utils.translation import gettext as _

from kassalink.accounts.models import Organization
from kassalink.web.ids import is_whole

from .models import Receipt, ReceiptLine, ReceiptPayment
from .search import YEARS, FilterError

DEFAULT_PAPER_CM = Decimal(20)  # a typical till receipt; the shop can say its own
TOP = 10


@dataclass(frozen=True)
class SalesQuery:
    start: dt.date
    end: dt.date  # inclusive
    branch: int | None = None
    paper_cm: Decimal = DEFAULT_PAPER_CM


@dataclass
class SalesFigures:
    query: SalesQuery
    sales_cents: int = 0
    receipts: int = 0
    credit_receipts: int = 0
    returned_cents: int = 0
    items: Decimal = Decimal(0)
    digital: int = 0
    top_articles: list[dict] = field(default_factory=list)
    bottom_articles: list[dict] = field(default_factory=list)
    heatmap: list[list[int]] = field(default_factory=list)  # 7 days (Mon first) × 24 hours
    payments: list[dict] = field(default_factory=list)

    @property
    def average_basket_cents(self) -> int:
        if not self.receipts:
            return 0
        average = Decimal(self.sales_cents) / self.receipts
        return int(average.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def turnover_cents(self) -> int:
        """Sales less returns."""
        return self.sales_cents - self.returned_cents

    @property
    def items_per_basket(self) -> Decimal:
        return (
            (self.items / self.receipts).quantize(Decimal("0.1")) if self.receipts else Decimal(0)
        )

    @property
    def returns_rate(self) -> Decimal:
        """Credit receipts per 100 sales receipts."""
        if not self.receipts:
            return Decimal(0)
        return (Decimal(100 * self.credit_receipts) / self.receipts).quantize(Decimal("0.1"))

    @property
    def digital_share(self) -> Decimal:
        if not self.receipts:
            return Decimal(0)
        return (Decimal(100 * self.digital) / self.receipts).quantize(Decimal("0.1"))

    @property
    def paper_saved_m(self) -> Decimal:
        return (self.digital * self.query.paper_cm / 100).quantize(Decimal("0.01"))


def parse_sales_query(params: dict, today: dt.date) -> SalesQuery:
    """?from=2026-11-01&to=2026-11-30&branch=1&paper_cm=20; the last 30 days by default."""

    def day(name: str, default: dt.date) -> dt.date:
        value = (params.get(name) or "").strip()
        if not value:
            return default
        try:
            found = dt.date.fromisoformat(value)
        except ValueError:
            raise FilterError(name, _("Gebruik een datum zoals 2026-12-01.")) from None
        if not YEARS[0] <= found.year <= YEARS[1]:
            raise FilterError(name, _("Gebruik een datum zoals 2026-12-01."))
        return found

    end = day("to", today)
    start = day("from", end - dt.timedelta(days=29))
    if start > end or (end - start).days > 366:
        raise FilterError("from", _("Kies een periode van hoogstens een jaar, begin voor eind."))
    branch = (params.get("branch") or "").strip()
    if branch and (not is_whole(branch) or len(branch) > 9):
        raise FilterError("branch", _("Vul een geheel getal in."))
    paper = (params.get("paper_cm") or "").strip().replace(",", ".")
    try:
        paper_cm = Decimal(paper) if paper else DEFAULT_PAPER_CM
    except ArithmeticError:
        raise FilterError("paper_cm", _("Vul een lengte in centimeters in.")) from None
    if not paper_cm.is_finite() or not 0 < paper_cm <= 200:
        raise FilterError("paper_cm", _("Vul een lengte tussen 0 en 200 cm in."))
    return SalesQuery(start, end, int(branch) if branch else None, paper_cm)


def period_receipts(organization: Organization, query: SalesQuery) -> QuerySet[Receipt]:
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(query.start, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(query.end + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    receipts = Receipt.objects.filter(
        organization=organization,
        entry_at__gte=start,
        entry_at__lt=end,
        receipt_type__in=[Receipt.Type.RECEIPT, Receipt.Type.CREDIT],
    )
    if query.branch is not None:
        receipts = receipts.filter(branch_number=query.branch)
    return receipts


def sales_figures(organization: Organization, query: SalesQuery) -> SalesFigures:
    receipts = period_receipts(organization, query)
    figures = SalesFigures(query)
    sale = Q(receipt_type=Receipt.Type.RECEIPT)
    credit = Q(receipt_type=Receipt.Type.CREDIT)
    totals = receipts.aggregate(
        sales=Sum("total_incl_cents", filter=sale),
        returned=Sum("total_incl_cents", filter=credit),
        receipts=Count("pk", filter=sale),
        credits=Count("pk", filter=credit),
        digital=Count("pk", filter=sale & Q(digital_since__isnull=False)),
    )
    figures.returned_cents = -(totals["returned"] or 0)
    figures.sales_cents = totals["sales"] or 0
    figures.receipts = totals["receipts"]
    figures.credit_receipts = totals["credits"]
    figures.digital = totals["digital"]
    figures.items = _items(receipts.filter(sale))
    figures.top_articles, figures.bottom_articles = _articles(receipts)
    figures.heatmap = _heatmap(receipts)
    figures.payments = _payments(receipts.filter(sale))
    return figures


def _items(receipts: QuerySet[Receipt]) -> Decimal:
    """Pieces count one each; a weighed article (0.750 kg) counts as one item."""
    counted = Case(
        When(quantity_places=0, then="quantity"),
        default=Value(Decimal(1)),
        output_field=DecimalField(max_digits=20, decimal_places=6),
    )
    lines = ReceiptLine.objects.filter(receipt__in=receipts)
    return lines.aggregate(items=Sum(counted))["items"] or Decimal(0)


def _articles(receipts: QuerySet[Receipt]) -> tuple[list[dict], list[dict]]:
    rows = (
        ReceiptLine.objects.filter(receipt__in=receipts)
        .values("article_number")
        .annotate(
            description=Max("description"),
            quantity=Sum("quantity"),
            turnover_cents=Sum("total_incl_cents"),
        )
    )
    top = list(rows.order_by("-turnover_cents", "article_number")[:TOP])
    bottom = list(rows.order_by("turnover_cents", "article_number")[:TOP])
    return top, bottom


def _heatmap(receipts: QuerySet[Receipt]) -> list[list[int]]:
    tz = timezone.get_default_timezone()
    grid = [[0] * 24 for _ in range(7)]
    rows = (
        receipts.annotate(
            weekday=ExtractIsoWeekDay("entry_at", tzinfo=tz),
            hour=ExtractHour("entry_at", tzinfo=tz),
        )
        .values("weekday", "hour")
        .annotate(turnover=Sum("total_incl_cents"))
    )
    for row in rows:
        grid[row["weekday"] - 1][row["hour"]] += row["turnover"] or 0
    return grid


def _payments(receipts: QuerySet[Receipt]) -> list[dict]:
    rows = (
        ReceiptPayment.objects.filter(receipt__in=receipts)
        .values("method")
        .annotate(
            description=Max("description"), count=Count("pk"), amount_cents=Sum("amount_cents")
        )
        .order_by("-amount_cents")
    )
    total = sum(row["amount_cents"] for row in rows) or 1
    return [
        {**row, "share": (Decimal(100 * row["amount_cents"]) / total).quantize(Decimal("0.1"))}
        for row in rows
    ]
