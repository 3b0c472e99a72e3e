"""Signals other apps follow without the receipts app knowing them."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.dispatch import Signal

# Sent inside the import's transaction after a page is written, with `connection` and
# `receipt_ids` (created or replaced), and, where the importer has them in memory,
# `receipts`: the same receipts as StoredReceipt values, so a receiver need not read
# them back. Receivers that act outside the database (mail, tasks) do so in
# transaction.on_commit; the wallet ties till sessions here, invoices issue credit
# notes for returns.
receipts_stored = Signal()


class StoredReceipt(NamedTuple):
    """A receipt as stored by this page: what receivers of `receipts_stored` read."""

    pk: int
    mplus_id: str
    receipt_type: str
    financial_date: dt.date | None
    entry_at: dt.datetime | None
    branch_number: int
    workplace_number: int
    total_incl_cents: int
    total_excl_cents: int
    webhook_session_id: str
    credited_receipt_id: int | None
