"""Daily check of the turnover computed from receipts against the POS's own day report.

The `turnover` stream asks reportTurnover per branch for the financial dates that are
complete and calls `reconcile_turnover` in its transaction. A branch and date whose
buckets do not add up to the report is written to the run log, and one e-mail per run
lists every difference to the connection's turnover-notification address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.db.models import Sum

from kassalink.connections.models import Connection
from kassalink.mplus import types as pos
from kassalink.sync.results import ImportResult

from .models import TurnoverBucket

# reportTurnover rows of receipts; invoices and other sources are not in the receipts.
RECEIPT_SOURCE = "RECEIPT"


@dataclass(frozen=True)
class Difference:
    financial_date: dt.date
    branch_number: int
    ours_incl_cents: int
    pos_incl_cents: int
    ours_excl_cents: int
    pos_excl_cents: int

    def describe(self) -> str:
        return (
            f"turnover {self.financial_date} branch {self.branch_number}: "
            f"receipts {self.ours_incl_cents} incl./{self.ours_excl_cents} excl. cents, "
            f"reportTurnover {self.pos_incl_cents}/{self.pos_excl_cents}"
        )


def reconcile_turnover(
    connection: Connection,
    days: Sequence[dt.date],
    reports: Mapping[int, Sequence[pos.TurnoverRow]],
) -> ImportResult:
    """Compare each branch's buckets of `days` with its report rows."""
    pos_totals = _report_totals(reports)
    ours = _bucket_totals(connection, days)
    differences = []
    for day in days:
        for branch in sorted({*reports, *(b for d, b in ours if d == day)}):
            mine = ours.get((day, branch), (0, 0))
            theirs = pos_totals.get((day, branch), (0, 0))
            if mine != theirs:
                differences.append(Difference(day, branch, mine[0], theirs[0], mine[1], theirs[1]))
    if differences and connection.turnover_notification_email:
        transaction.on_commit(partial(_mail, connection, differences))
    checked = len(days) * max(1, len(reports))
    return ImportResult(
        updated=len(differences),
        skipped=checked - len(differences),
        notes=tuple(d.describe() for d in differences),
    )


def _report_totals(
    reports: Mapping[int, Sequence[pos.TurnoverRow]],
) -> dict[tuple[dt.date, int], tuple[int, int]]:
    totals: dict[tuple[dt.date, int], tuple[int, int]] = {}
    for branch, rows in reports.items():
        for row in rows:
            if RECEIPT_SOURCE not in (row.source or "").upper():
                continue
            incl, excl = totals.get((row.financial_date, branch), (0, 0))
            totals[row.financial_date, branch] = (
                incl + row.total_incl_cents,
                excl + row.total_excl_cents,
            )
    return totals


def _bucket_totals(
    connection: Connection, days: Sequence[dt.date]
) -> dict[tuple[dt.date, int], tuple[int, int]]:
    rows = (
        TurnoverBucket.objects.filter(connection=connection, financial_date__in=days)
        .values("financial_date", "branch_number")
        .annotate(incl=Sum("amount_incl_cents"), excl=Sum("amount_excl_cents"))
    )
    return {(r["financial_date"], r["branch_number"]): (r["incl"], r["excl"]) for r in rows}


def _mail(connection: Connection, differences: list[Difference]) -> None:
    from kassalink.web.mail import send_templated_mail

    send_templated_mail(
        "insights/mail/turnover_difference",
        [connection.turnover_notification_email],
        {"connection": connection, "differences": differences},
    )
