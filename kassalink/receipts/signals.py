"""Signals of the receipts store, for apps that act on receipts as they arrive."""

from django.dispatch import Signal

# Sent inside the import's transaction after a page is written, with `connection` and
# `receipt_ids` (created or replaced). The digital-receipt wallet ties till sessions here.
receipts_stored = Signal()
