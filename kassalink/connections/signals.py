"""Signals of the connections app, so other apps act on a link's changes without this app
knowing them."""

from django.dispatch import Signal

# Sent (on commit) with `connection=` when an active connection has history to fetch: it
# was activated with `history_from` set, or `history_from` changed while it is active.
# The sync app's backfill plans its windows from it.
history_wanted = Signal()
