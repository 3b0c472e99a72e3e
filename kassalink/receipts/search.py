"""Finding receipts: the dashboard's and the API's filters, search box and keyset pages.

One parser for both (`parse_filters`), so a filter means the same on the page and in the
API; a bad value raises FilterError naming the parameter. Pages are keyset pages on
(entry_at, id), newest first: page 10,000 costs what page 1 costs, which OFFSET cannot
promise at millions of receipts. Every filter leads with the shop and has an index.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kassalink.accounts.models import Organization
from kassalink.web.ids import is_whole

from .models import Receipt, ReceiptLine, ReceiptPayment

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
YEARS = (1970, 9000)
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# "1-2-2026-41" as printed on the receipt (branch-workplace-year-number).
DISPLAY_NUMBER = re.compile(r"^(\d+)-(\d+)-(\d{4})-(\d+)$")


class FilterError(ValueError):
    """A filter value that cannot be used; `field` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ReceiptFilters:
    q: str = ""
    barcode: str = ""
    transaction: str = ""
    number: str = ""
    branch: int | None = None
    workplace: int | None = None
    employee: int | None = None
    customer: int | None = None
    article: int | None = None
    payment_method: str = ""
    digital: bool | None = None
    receipt_type: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    amount_min: int | None = None
    amount_max: int | None = None


FILTER_PARAMS = (
    "q", "barcode", "transaction", "number", "branch", "workplace", "employee", "customer",
    "article", "payment_method", "digital", "type", "from", "to", "amount_min", "amount_max",
)  # fmt: skip


def parse_filters(params: Mapping[str, str]) -> ReceiptFilters:
    """The filters in query parameters; FilterError for the first bad one."""

    def get(name: str) -> str:
        value = (params.get(name) or "").strip()
        if "\x00" in value:  # no database stores it; say so instead of failing
            raise FilterError(name, _("Onleesbaar teken in de waarde."))
        return value

    receipt_type = get("type")
    if receipt_type and receipt_type not in Receipt.Type.values:
        raise FilterError("type", _("Kies een van: %s.") % ", ".join(Receipt.Type.values))
    return ReceiptFilters(
        q=get("q")[:200],
        barcode=get("barcode")[:100],
        transaction=get("transaction")[:200],
        number=get("number")[:100],
        branch=_whole(get("branch"), "branch"),
        workplace=_whole(get("workplace"), "workplace"),
        employee=_whole(get("employee"), "employee"),
        customer=_whole(get("customer"), "customer"),
        article=_whole(get("article"), "article"),
        payment_method=get("payment_method")[:100],
        digital=_yes_no(get("digital"), "digital"),
        receipt_type=receipt_type,
        start=_moment(get("from"), "from", end=False),
        end=_moment(get("to"), "to", end=True),
        amount_min=_cents(get("amount_min"), "amount_min"),
        amount_max=_cents(get("amount_max"), "amount_max"),
    )


def _whole(value: str, field: str) -> int | None:
    if not value:
        return None
    if not is_whole(value) or len(value) > 18:
        raise FilterError(field, _("Vul een geheel getal in."))
    return int(value)


def _yes_no(value: str, field: str) -> bool | None:
    if not value:
        return None
    if value.lower() in {"1", "true", "yes", "ja"}:
        return True
    if value.lower() in {"0", "false", "no", "nee"}:
        return False
    raise FilterError(field, _("Gebruik true of false."))


def _moment(value: str, field: str, *, end: bool) -> dt.datetime | None:
    """A local date (the whole day) or date and time, as an aware datetime."""
    if not value:
        return None
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            moment = dt.datetime.combine(day + dt.timedelta(days=1) if end else day, dt.time())
        else:
            moment = dt.datetime.fromisoformat(value)
    except (ValueError, OverflowError):
        raise FilterError(field, _("Gebruik 2026-12-01 of 2026-12-01T16:51.")) from None
    if not YEARS[0] <= moment.year <= YEARS[1]:  # far years overflow on the way to UTC
        raise FilterError(field, _("Gebruik 2026-12-01 of 2026-12-01T16:51."))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _cents(value: str, field: str) -> int | None:
    """Euros as typed, "12,50" or "12.50", to cents."""
    if not value:
        return None
    try:
        euros = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise FilterError(field, _("Vul een bedrag in, bijvoorbeeld 12,50.")) from None
    if not euros.is_finite() or abs(euros) > Decimal(10) ** 12 or euros != round(euros, 2):
        raise FilterError(field, _("Vul een bedrag in, bijvoorbeeld 12,50."))
    return int(euros * 100)


def filtered_receipts(organization: Organization, f: ReceiptFilters) -> QuerySet[Receipt]:
    """The shop's receipts that pass every filter (receipts without a time never show)."""
    receipts = Receipt.objects.filter(organization=organization, entry_at__isnull=False)
    if f.q:
        receipts = receipts.filter(search_condition(f.q))
    exact = {
        "barcode": f.barcode,
        "transaction_string": f.transaction,
        "branch_number": f.branch,
        "workplace_number": f.workplace,
        "employee_number": f.employee,
        "relation_number": f.customer,
        "receipt_type": f.receipt_type,
        "entry_at__gte": f.start,
        "entry_at__lt": f.end,
        "total_incl_cents__gte": f.amount_min,
        "total_incl_cents__lte": f.amount_max,
    }
    receipts = receipts.filter(**{k: v for k, v in exact.items() if v not in (None, "")})
    if f.number:
        receipts = receipts.filter(number_condition(f.number))
    if f.digital is not None:
        receipts = receipts.filter(digital_since__isnull=not f.digital)
    if f.article is not None:
        lines = ReceiptLine.objects.filter(receipt=OuterRef("pk"), article_number=f.article)
        receipts = receipts.filter(Exists(lines))
    if f.payment_method:
        paid = ReceiptPayment.objects.filter(receipt=OuterRef("pk"), method=f.payment_method)
        receipts = receipts.filter(Exists(paid))
    return receipts


def number_condition(number: str) -> Q:
    """A receipt number as printed ("1-2-2026-41") or just its number ("41")."""
    printed = DISPLAY_NUMBER.match(number)
    if printed:
        branch, workplace, year, seq = (int(part) for part in printed.groups())
        return Q(
            branch_number=branch, workplace_number=workplace, receipt_year=year, receipt_number=seq
        )
    if is_whole(number) and len(number) <= 18:
        return Q(receipt_number=int(number))
    return Q(pk__in=[])


def search_condition(text: str) -> Q:
    """What the search box finds: a scanned barcode, a transaction ID or a receipt number."""
    return Q(barcode=text) | Q(transaction_string=text) | number_condition(text)


def recent_choices(organization: Organization, sample: int = 2000) -> dict[str, list]:
    """Branches and payment methods seen on the shop's latest receipts, for the filter
    menus: a DISTINCT over millions of rows would cost more than the page itself."""
    latest = Receipt.objects.filter(organization=organization).order_by("-entry_at", "-pk")
    ids = list(latest.values_list("pk", flat=True)[:sample])
    branches = Receipt.objects.filter(pk__in=ids).values_list("branch_number", flat=True)
    payments = ReceiptPayment.objects.filter(receipt_id__in=ids)
    # The till's code is what the filter sends; its description is what people read.
    names: dict[str, str] = {}
    for method, description in payments.values_list("method", "description").distinct():
        if description or method not in names:
            names[method] = description or method
    return {
        "branches": sorted(set(branches)),
        "methods": sorted(names.items())[:50],
    }


@dataclass(frozen=True)
class Page:
    receipts: list[Receipt]
    next_cursor: str | None


def keyset_page(receipts: QuerySet[Receipt], cursor: str, size: int = PAGE_SIZE) -> Page:
    """One page, newest first, after `cursor` (the last row of the page before)."""
    if size < 1 or size > MAX_PAGE_SIZE:
        raise FilterError("limit", _("Kies 1 tot %d.") % MAX_PAGE_SIZE)
    if cursor:
        at, pk = _parse_cursor(cursor)
        receipts = receipts.filter(Q(entry_at__lt=at) | Q(entry_at=at, pk__lt=pk))
    rows = list(receipts.order_by("-entry_at", "-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, _cursor(rows[-1]) if more else None)


def _cursor(receipt: Receipt) -> str:
    micros = (receipt.entry_at - EPOCH) // dt.timedelta(microseconds=1)  # exact, no float
    return f"{micros}.{receipt.pk}"


def _parse_cursor(cursor: str) -> tuple[dt.datetime, int]:
    micros, _dot, pk = cursor.partition(".")
    if not (is_whole(micros.lstrip("-")) and is_whole(pk)) or len(cursor) > 40:
        raise FilterError("cursor", _("Onbekende cursor; begin bij de eerste pagina."))
    try:
        at = EPOCH + dt.timedelta(microseconds=int(micros))
    except (OverflowError, OSError, ValueError):
        raise FilterError("cursor", _("Onbekende cursor; begin bij de eerste pagina.")) from None
    return at, int(pk)
