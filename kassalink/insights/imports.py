"""How MplusKASSA receipts become turnover per quarter hour (TurnoverBucket rows).

The `turnover` sync stream fetches every receipt of a window of financial dates
(getReceipts by financial date) and calls `import_turnover` inside its transaction. The
window's buckets are recomputed from those receipts and replace what was stored: a
bucket that came out the same is skipped, so a window applied twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from kassalink.connections.models import Connection
from kassalink.mplus import types as pos
from kassalink.sync.importing import (
    PosDataError,
    aware,
    day,
    page_savepoint,
    plan_rows,
    update_rows,
    whole,
)
from kassalink.sync.results import ImportResult

from .buckets import local_day, quarter_start
from .models import TurnoverBucket

BucketKey = tuple[int, dt.date, dt.datetime]  # branch, financial date, quarter start (UTC)
BUCKET_FIELDS = [
    "team_id",
    "amount_incl_cents",
    "amount_excl_cents",
    "receipt_count",
    "credit_count",
]
# Cash in/out and payment-method transfers move money in the drawer; they are no sale.
TURNOVER_TYPES = {pos.ReceiptType.RECEIPT, pos.ReceiptType.CREDIT_RECEIPT}


@dataclass
class _Sum:
    incl: int = 0
    excl: int = 0
    receipts: int = 0
    credits: int = 0


def import_turnover(
    connection: Connection,
    receipts: Iterable[pos.Receipt],
    window: tuple[dt.date, dt.date],
) -> ImportResult:
    """Recompute the buckets of financial dates `window` (first, last; both included)
    from every receipt of that window, and store them in place of the old ones."""
    first, last = window
    if first > last:
        raise ValueError(f"turnover window {first}..{last} ends before it starts")
    sums, notes = _sum_per_quarter(connection, receipts, window)
    now = timezone.now()
    incoming = {key: _bucket(connection, key, total, now) for key, total in sums.items()}
    with page_savepoint():
        stored_rows = TurnoverBucket.objects.filter(
            connection=connection, financial_date__range=window
        )
        stored = {(b.branch_number, b.financial_date, b.start): b for b in stored_rows}
        plan = plan_rows(stored, incoming, BUCKET_FIELDS)
        for bucket in plan.update:
            bucket.changed_at = now
        gone = [bucket.pk for key, bucket in stored.items() if key not in incoming]
        TurnoverBucket.objects.filter(pk__in=gone).delete()
        TurnoverBucket.objects.bulk_create(plan.create)
        update_rows(TurnoverBucket, plan.update, [*BUCKET_FIELDS, "changed_at"])
    if gone:
        notes.append(f"{len(gone)} quarter hours no longer have turnover")
    return ImportResult(
        created=len(plan.create),
        # A bucket whose receipts all went away changed too: to nothing.
        updated=len(plan.update) + len(gone),
        skipped=plan.unchanged,
        notes=tuple(notes),
    )


def _sum_per_quarter(
    connection: Connection, receipts: Iterable[pos.Receipt], window: tuple[dt.date, dt.date]
) -> tuple[dict[BucketKey, _Sum], list[str]]:
    """Turnover per (branch, financial date, quarter); raises before anything is written."""
    branches = set(connection.branches or ())
    sums: dict[BucketKey, _Sum] = {}
    outside = other_branch = 0
    for receipt in _latest(receipts):
        if receipt.receipt_type not in TURNOVER_TYPES:
            continue
        what = f"receipt {receipt.receipt_id}"
        financial_date = _financial_date(receipt)
        if not window[0] <= financial_date <= window[1]:
            outside += 1
            continue
        branch = whole(receipt.branch_number, f"{what}: branch", bits=32)
        if branches and branch not in branches:
            other_branch += 1
            continue
        incl = whole(receipt.total_incl_cents, f"{what}: total incl. VAT")
        excl = whole(receipt.total_excl_cents, f"{what}: total excl. VAT")
        total = sums.setdefault((branch, financial_date, quarter_start(_entry(receipt))), _Sum())
        if receipt.receipt_type == pos.ReceiptType.CREDIT_RECEIPT:
            # A return always lowers turnover, whichever sign the POS gives its amounts.
            total.incl -= abs(incl)
            total.excl -= abs(excl)
            total.credits += 1
        else:
            total.incl += incl
            total.excl += excl
            total.receipts += 1
    notes = []
    if outside:
        notes.append(f"{outside} receipts outside the window {window[0]}..{window[1]} ignored")
    if other_branch:
        notes.append(f"{other_branch} receipts of branches not imported (Sectoren) ignored")
    return sums, notes


def _latest(receipts: Iterable[pos.Receipt]) -> list[pos.Receipt]:
    """Each receipt once, in its newest version (a window may be fetched in pages that
    overlap while the POS changes a receipt)."""
    newest: dict[str, pos.Receipt] = {}
    for receipt in receipts:
        seen = newest.get(receipt.receipt_id)
        if seen is None or (receipt.sync_marker or 0) >= (seen.sync_marker or 0):
            newest[receipt.receipt_id] = receipt
    return list(newest.values())


def _entry(receipt: pos.Receipt) -> dt.datetime:
    what = f"receipt {receipt.receipt_id}"
    if receipt.entry_timestamp is None:
        raise PosDataError(f"{what}: has no entry time, so no quarter hour to count it in")
    return aware(receipt.entry_timestamp, f"{what}: entry time")


def _financial_date(receipt: pos.Receipt) -> dt.date:
    if receipt.financial_date is None:
        return local_day(_entry(receipt))  # the POS left it out: the shop's calendar day
    return day(receipt.financial_date, f"receipt {receipt.receipt_id}: financial date")


def _bucket(
    connection: Connection, key: BucketKey, total: _Sum, now: dt.datetime
) -> TurnoverBucket:
    branch, financial_date, start = key
    return TurnoverBucket(
        organization_id=connection.organization_id,
        connection=connection,
        team_id=connection.turnover_team_id,
        branch_number=branch,
        financial_date=financial_date,
        start=start,
        amount_incl_cents=total.incl,
        amount_excl_cents=total.excl,
        receipt_count=total.receipts,
        credit_count=total.credits,
        changed_at=now,
    )
