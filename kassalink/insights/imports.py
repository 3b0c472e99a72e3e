"""How stored receipts become turnover per quarter hour (TurnoverBucket rows).

Each receipt crosses the network once: the `receipts` stream stores a page of receipts
and, in the same transaction, asks `TurnoverRefresh` to recompute the quarters that page
touches (the quarters of new receipts, and of changed receipts both before and after the
change). A quarter is recomputed whole from the stored receipts, so a page applied twice,
a late receipt or a changed one all leave the same buckets. With Omzet off nothing is
computed; switching it on rebuilds recent days from the receipts already stored.

Bucket rules: local quarter hours (see buckets.py), the financial date in the key (the
shop's calendar day when the POS gives none), credits always negative, cash in/out and
payment-method transfers no turnover, incl. and excl. btw both kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils import timezone

from kassalink.connections.models import Connection
from kassalink.mplus.units import AMSTERDAM
from kassalink.receipts.models import Receipt
from kassalink.sync.importing import page_savepoint, plan_rows, update_rows
from kassalink.sync.results import ImportResult

from .buckets import QUARTER, local_day, quarter_start
from .models import TurnoverBucket, TurnoverDay, TurnoverSettings

BucketKey = tuple[int, dt.date, dt.datetime]  # branch, financial date, quarter start (UTC)
BUCKET_FIELDS = [
    "team_id",
    "amount_incl_cents",
    "amount_excl_cents",
    "receipt_count",
    "credit_count",
]
# Cash in/out and payment-method transfers move money in the drawer; they are no sale.
TURNOVER_TYPES = (Receipt.Type.RECEIPT, Receipt.Type.CREDIT)
RECEIPT_VALUES = (
    "receipt_type",
    "financial_date",
    "entry_at",
    "branch_number",
    "total_incl_cents",
    "total_excl_cents",
)
LOOKUP_CHUNK = 500


@dataclass
class _Sum:
    incl: int = 0
    excl: int = 0
    receipts: int = 0
    credits: int = 0


def turnover_settings(connection: Connection) -> TurnoverSettings | None:
    return (
        TurnoverSettings.objects.filter(connection=connection)
        .prefetch_related("branch_teams")
        .first()
    )


def bucket_key(row: dict) -> BucketKey | None:
    """The quarter a receipt (RECEIPT_VALUES) counts in; None when it is no turnover or
    has no entry time."""
    entry = row["entry_at"]
    if row["receipt_type"] not in TURNOVER_TYPES or entry is None:
        return None
    financial_date = row["financial_date"] or local_day(entry)
    return row["branch_number"], financial_date, quarter_start(entry)


class TurnoverRefresh:
    """Recompute the quarters a page of receipts touches. Create it before the page's
    receipts are written (it remembers the quarters changed receipts leave), call
    `apply` after, inside the same transaction."""

    def __init__(self, connection: Connection, replaced: Iterable[Receipt]) -> None:
        self.connection = connection
        self.settings = turnover_settings(connection)
        self.before: set[BucketKey] = set()
        if self.settings is not None and self.settings.enabled:
            pks = [row.pk for row in replaced]
            for start in range(0, len(pks), LOOKUP_CHUNK):
                found = Receipt.objects.filter(pk__in=pks[start : start + LOOKUP_CHUNK])
                self.before |= _keys(found.values(*RECEIPT_VALUES))

    def apply(self, written: Iterable[Receipt]) -> ImportResult:
        if self.settings is None or not self.settings.enabled:
            return ImportResult()
        keys = self.before | _keys({f: getattr(row, f) for f in RECEIPT_VALUES} for row in written)
        return refresh_quarters(self.connection, self.settings, keys)


def rebuild_turnover(connection: Connection, since: dt.date) -> ImportResult:
    """Every bucket of financial dates from `since` recomputed from the stored receipts
    (Omzet switched on, or a team changed): no call to the till."""
    settings = turnover_settings(connection)
    if settings is None or not settings.enabled:
        return ImportResult()
    receipts = Receipt.objects.filter(connection=connection, receipt_type__in=TURNOVER_TYPES)
    recent = receipts.filter(
        Q(financial_date__gte=since)
        | Q(financial_date__isnull=True, entry_at__gte=_midnight(since))
    )
    keys = _keys(recent.values(*RECEIPT_VALUES))
    stored = TurnoverBucket.objects.filter(connection=connection, financial_date__gte=since)
    keys |= set(stored.values_list("branch_number", "financial_date", "start"))
    return refresh_quarters(connection, settings, keys)


def refresh_quarters(
    connection: Connection, settings: TurnoverSettings, keys: set[BucketKey]
) -> ImportResult:
    """Recompute the buckets `keys` from the stored receipts and store them in place of the
    old ones; a quarter left without turnover loses its bucket."""
    if not keys:
        return ImportResult()
    now = timezone.now()
    sums = _sum_receipts(connection, keys)
    incoming = {
        key: _bucket(connection, settings, key, total, now)
        for key, total in sums.items()
        if key in keys
    }
    with page_savepoint():
        stored = _stored(connection, keys)
        plan = plan_rows(stored, incoming, BUCKET_FIELDS)
        for bucket in plan.update:
            bucket.changed_at = now
        gone = [bucket.pk for key, bucket in stored.items() if key not in incoming]
        TurnoverBucket.objects.filter(pk__in=gone).delete()
        TurnoverBucket.objects.bulk_create(plan.create, batch_size=1000)
        update_rows(TurnoverBucket, plan.update, [*BUCKET_FIELDS, "changed_at"])
        if plan.create or plan.update or gone:
            refresh_days(connection, {(branch, day) for branch, day, _start in keys})
    return ImportResult(
        created=len(plan.create),
        updated=len(plan.update) + len(gone),
        skipped=plan.unchanged,
    )


def refresh_days(connection: Connection, days: set[tuple[int, dt.date]]) -> None:
    """The TurnoverDay rows of these branches and financial dates, summed again from their
    buckets (the branches × dates of `days` are rewritten whole)."""
    dates = sorted({day for _branch, day in days})
    branches = {branch for branch, _day in days}
    for start in range(0, len(dates), LOOKUP_CHUNK):
        chunk = dates[start : start + LOOKUP_CHUNK]
        scope = {
            "connection": connection,
            "financial_date__in": chunk,
            "branch_number__in": branches,
        }
        TurnoverDay.objects.filter(**scope).delete()
        sums = (
            TurnoverBucket.objects.filter(**scope)
            .values("branch_number", "financial_date", "team_id")
            .annotate(
                incl=Sum("amount_incl_cents"),
                excl=Sum("amount_excl_cents"),
                receipts=Sum("receipt_count"),
                credits=Sum("credit_count"),
            )
            .order_by()
        )
        TurnoverDay.objects.bulk_create(
            [
                TurnoverDay(
                    organization_id=connection.organization_id,
                    connection=connection,
                    team_id=row["team_id"],
                    branch_number=row["branch_number"],
                    financial_date=row["financial_date"],
                    amount_incl_cents=row["incl"],
                    amount_excl_cents=row["excl"],
                    receipt_count=row["receipts"],
                    credit_count=row["credits"],
                )
                for row in sums
            ],
            batch_size=1000,
        )


def _keys(rows: Iterable[dict]) -> set[BucketKey]:
    return {key for row in rows if (key := bucket_key(row))}


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), AMSTERDAM)


def _sum_receipts(connection: Connection, keys: set[BucketKey]) -> dict[BucketKey, _Sum]:
    """Turnover of every quarter in the span of `keys`, from the stored receipts.

    One query per financial date touched, bounded by the touched quarters' times: a live
    page (the last minute's sales) reads only the receipts of those quarters.
    """
    by_date: dict[dt.date, list[dt.datetime]] = {}
    for _branch, financial_date, start in keys:
        by_date.setdefault(financial_date, []).append(start)
    receipts = Receipt.objects.filter(connection=connection, receipt_type__in=TURNOVER_TYPES)
    sums: dict[BucketKey, _Sum] = {}
    for financial_date, starts in by_date.items():
        span = Q(entry_at__gte=min(starts), entry_at__lt=max(starts) + QUARTER)
        found = receipts.filter(
            span,
            Q(financial_date=financial_date) | Q(financial_date__isnull=True),
            branch_number__in={branch for branch, day, _s in keys if day == financial_date},
        )
        for row in found.values(*RECEIPT_VALUES):
            key = bucket_key(row)
            if key is None or key[1] != financial_date:
                continue
            _add(sums.setdefault(key, _Sum()), row)
    return sums


def _add(total: _Sum, row: dict) -> None:
    if row["receipt_type"] == Receipt.Type.CREDIT:
        # A return always lowers turnover, whichever sign the POS gives its amounts.
        total.incl -= abs(row["total_incl_cents"])
        total.excl -= abs(row["total_excl_cents"])
        total.credits += 1
    else:
        total.incl += row["total_incl_cents"]
        total.excl += row["total_excl_cents"]
        total.receipts += 1


def _stored(connection: Connection, keys: set[BucketKey]) -> dict[BucketKey, TurnoverBucket]:
    dates = {financial_date for _b, financial_date, _s in keys}
    starts = [start for _b, _d, start in keys]
    rows = TurnoverBucket.objects.filter(
        connection=connection,
        financial_date__in=dates,
        start__gte=min(starts),
        start__lte=max(starts),
    )
    found = {(b.branch_number, b.financial_date, b.start): b for b in rows}
    return {key: bucket for key, bucket in found.items() if key in keys}


def _bucket(
    connection: Connection,
    settings: TurnoverSettings,
    key: BucketKey,
    total: _Sum,
    now: dt.datetime,
) -> TurnoverBucket:
    branch, financial_date, start = key
    return TurnoverBucket(
        organization_id=connection.organization_id,
        connection=connection,
        team_id=settings.team_id_for(branch),
        branch_number=branch,
        financial_date=financial_date,
        start=start,
        amount_incl_cents=total.incl,
        amount_excl_cents=total.excl,
        receipt_count=total.receipts,
        credit_count=total.credits,
        changed_at=now,
    )
