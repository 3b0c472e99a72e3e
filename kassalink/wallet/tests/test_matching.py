"""Tying the authoritative receipt to its till session as the receipts import stores it:
by the order's webhook session id, else by workplace, time and total; the session says
which rule matched, and the receipt lands in the scanned customer's wallet."""

import datetime as dt

from django.utils import timezone

from kassalink.mplus.types import Order
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.tests.sales import credit, sale
from kassalink.wallet.models import PosSession, WalletEntry

from .conftest import code_of


def _now():
    """Till times are whole seconds (SoapMplusDateTime); the PDF renderer relies on it."""
    return timezone.now().replace(microsecond=0)


def _paid(till, carol, session_id: str, total: int = 1234):
    till.scan(code_of(carol), session_id)
    till.complete(session_id, total_incl_cents=total)
    return PosSession.objects.get(session_id=session_id)


def test_the_orders_session_id_ties_the_receipt(till, carol):
    session = _paid(till, carol, "s-1")
    receipt = sale(_now(), order_id="o-1")
    import_receipts(till.connection, [receipt], [Order("o-1", "s-1")])
    session.refresh_from_db()
    assert session.receipt.mplus_id == receipt.receipt_id
    assert session.match_rule == "session_id"
    entry = WalletEntry.objects.get()
    assert entry.customer == carol and entry.source == "scanned"


def test_without_a_session_id_workplace_time_and_total_tie_it(till, carol):
    receipt = sale(_now())
    session = _paid(till, carol, "s-2", total=receipt.total_incl_cents)
    other_till = sale(_now(), workplace_number=2)
    import_receipts(till.connection, [other_till, receipt], [])
    session.refresh_from_db()
    assert session.receipt.mplus_id == receipt.receipt_id
    assert session.match_rule == "workplace_time_total"
    assert WalletEntry.objects.get().customer == carol


def test_two_receipts_that_fit_equally_tie_neither(till, carol):
    at = timezone.now()
    one, two = sale(at), sale(at + dt.timedelta(seconds=20))
    session = _paid(till, carol, "s-3", total=one.total_incl_cents)
    import_receipts(till.connection, [one, two], [])
    session.refresh_from_db()
    assert session.receipt is None and not WalletEntry.objects.exists()


def test_a_receipt_far_from_the_session_does_not_match(till, carol):
    receipt = sale(_now() - dt.timedelta(hours=2))
    session = _paid(till, carol, "s-4", total=receipt.total_incl_cents)
    import_receipts(till.connection, [receipt], [])
    session.refresh_from_db()
    assert session.receipt is None


def test_a_receipt_stored_before_complete_session_is_tied_then(till, carol):
    till.scan(code_of(carol), "s-5")
    receipt = sale(_now(), order_id="o-5")
    import_receipts(till.connection, [receipt], [Order("o-5", "s-5")])
    till.complete("s-5")
    assert PosSession.objects.get(session_id="s-5").receipt.mplus_id == receipt.receipt_id
    assert WalletEntry.objects.get().customer == carol


def test_a_credit_receipt_follows_its_original_into_the_wallet(till, carol):
    _paid(till, carol, "s-6")
    original = sale(_now(), order_id="o-6", marker=1)
    import_receipts(till.connection, [original], [Order("o-6", "s-6")])
    refund = credit(original, _now(), marker=2)
    import_receipts(till.connection, [refund], [])
    entries = WalletEntry.objects.order_by("pk")
    assert [(e.source, e.customer_id) for e in entries] == [
        ("scanned", carol.pk), ("credit", carol.pk)
    ]  # fmt: skip
    assert entries[1].receipt.credited_receipt == entries[0].receipt


def test_a_session_of_another_connection_is_never_tied(till, carol, bob):
    from .conftest import make_webhook_connection

    bobs, _key = make_webhook_connection(bob)
    _paid(till, carol, "s-7")
    receipt = sale(_now(), order_id="o-7")
    import_receipts(bobs, [receipt], [Order("o-7", "s-7")])
    assert PosSession.objects.get(session_id="s-7").receipt is None
    assert not WalletEntry.objects.exists()


def test_credit_session_ties_the_return_to_the_scanned_customer(till, carol):
    original = sale(_now(), marker=1)
    import_receipts(till.connection, [original], [])
    till.scan(code_of(carol), "s-c")
    answer = till.answer(till.post(till.request("creditSession", "s-c")))
    assert answer.receipt_footer is None  # no claim link under a return
    refund = credit(original, _now(), marker=2)
    refund = refund._replace(order_ids=("o-c",))
    import_receipts(till.connection, [refund], [Order("o-c", "s-c")])
    session = PosSession.objects.get(session_id="s-c")
    assert session.is_credit and session.receipt.mplus_id == refund.receipt_id
    entry = WalletEntry.objects.get()
    assert entry.customer == carol
    assert entry.receipt.credited_receipt.mplus_id == original.receipt_id
