"""Put receipts straight into a customer's wallet (through the real import and matching)."""

from django.utils import timezone

from kassalink.mplus.types import Order
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.models import Receipt
from kassalink.receipts.tests.sales import sale
from kassalink.wallet.models import PosSession, WalletEntry


def give(connection, customer, at=None, **changes) -> WalletEntry:
    """A till session for `customer` whose receipt has arrived; returns the wallet entry."""
    at = (at or timezone.now()).replace(microsecond=0)
    session_id = f"s-{PosSession.objects.count() + 1}-{customer.pk}"
    PosSession.objects.create(
        connection=connection, session_id=session_id, branch_number=1, workplace_number=1,
        started_at=at, completed_at=at, customer=customer,
    )  # fmt: skip
    marker = Receipt.objects.count() + 1
    receipt = sale(at, order_id=f"o-{session_id}", marker=marker, **changes)
    import_receipts(connection, [receipt], [Order(f"o-{session_id}", session_id)])
    return WalletEntry.objects.get(receipt__mplus_id=receipt.receipt_id)
