"""Signals other apps follow without the receipts app knowing them."""

from django.dispatch import Signal

# Sent after a page of receipts is stored, with `connection`; receivers that act on the
# new rows should do so in transaction.on_commit, outside the sync's transaction.
receipts_stored = Signal()
