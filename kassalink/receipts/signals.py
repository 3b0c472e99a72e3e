"""Signals other apps follow without the receipts app knowing them."""

from django.dispatch import Signal

# Sent inside the import's transaction after a page is written, with `connection` and
# `receipt_ids` (created or replaced). Receivers that act outside the database (mail,
# tasks) do so in transaction.on_commit; the wallet ties till sessions here, invoices
# issue credit notes for returns.
receipts_stored = Signal()
