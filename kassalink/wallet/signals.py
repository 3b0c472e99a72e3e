"""Receivers: the wallet ties till sessions to receipts as the receipts import stores them."""

from kassalink.receipts.signals import receipts_stored

from .matching import on_receipts_stored

receipts_stored.connect(on_receipts_stored, dispatch_uid="wallet-tie-receipts")
