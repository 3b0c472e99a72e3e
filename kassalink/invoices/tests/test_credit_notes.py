"""A return of an invoiced receipt becomes a credit note by itself when the credit
receipt is imported, referring to the original invoice; other returns do not."""

import datetime as dt

from kassalink.invoices.actions import do_issue_invoice
from kassalink.invoices.models import Invoice
from kassalink.receipts.tests.sales import bread, credit, sale

from .conftest import ACME, NOON, store


def test_a_credit_receipt_for_an_invoiced_receipt_becomes_a_credit_note(
    alice, django_capture_on_commit_callbacks
):
    original = sale(NOON, (bread("2"),), marker=1)
    (receipt,) = store(alice, original)
    invoice, _ = do_issue_invoice(alice.organization, [receipt.pk], ACME, reference="PO-9")

    with django_capture_on_commit_callbacks(execute=True):
        (returned,) = store(alice, credit(original, NOON + dt.timedelta(days=2), 2))

    note = Invoice.objects.get(type_code="381")
    assert note.credited_invoice == invoice and note.buyer == invoice.buyer
    assert note.reference == "PO-9" and note.sequence == invoice.sequence + 1
    assert note.content["receipts"][0]["id"] == returned.pk
    assert note.gross_cents == 790 and note.content["lines"][0]["quantity"] == "2"


def test_a_return_of_a_receipt_without_invoice_makes_no_credit_note(
    alice, django_capture_on_commit_callbacks
):
    original = sale(NOON, (bread("2"),), marker=1)
    store(alice, original)

    with django_capture_on_commit_callbacks(execute=True):
        store(alice, credit(original, NOON + dt.timedelta(days=2), 2))

    assert not Invoice.objects.exists()


def test_the_credit_note_is_made_once_when_the_page_comes_again(
    alice, django_capture_on_commit_callbacks
):
    original = sale(NOON, (bread("2"),), marker=1)
    (receipt,) = store(alice, original)
    do_issue_invoice(alice.organization, [receipt.pk], ACME)
    returned = credit(original, NOON + dt.timedelta(days=2), 2)

    with django_capture_on_commit_callbacks(execute=True):
        store(alice, returned)
    with django_capture_on_commit_callbacks(execute=True):
        store(alice, returned._replace(sync_marker=3))

    assert Invoice.objects.filter(type_code="381").count() == 1
