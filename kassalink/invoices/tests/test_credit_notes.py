"""A return of an invoiced receipt becomes a credit note by itself when the credit
receipt is imported, referring to the original invoice; other returns do not."""

import datetime as dt

import pytest

from kassalink.invoices.actions import do_issue_invoice
from kassalink.invoices.content import InvoiceError
from kassalink.invoices.models import Invoice
from kassalink.receipts.tests.sales import bread, cheese, credit, sale

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


def test_the_search_after_each_page_reads_no_history_on_postgresql(alice):
    """credits_to_note runs after every page of a sync: on a connection with a long
    history it must start from the invoiced receipts, never read the connection's
    receipts one by one (a year of a chain is millions)."""
    import pytest
    from django.db import connection

    from kassalink.invoices.credit_notes import credit_ids_to_note
    from kassalink.receipts.models import Receipt

    if connection.vendor != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL (make test's second pass)")
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    Receipt.objects.bulk_create(
        Receipt(
            organization=alice.organization, connection=alice, mplus_id=str(n),
            receipt_type="credit" if n % 10 == 0 else "receipt", state="paid", entry_at=at,
            branch_number=1, workplace_number=1, employee_number=1, total_incl_cents=n,
            total_excl_cents=n, changed_at=at,
        )
        for n in range(1, 20001)
    )  # fmt: skip
    with connection.cursor() as cursor:
        # Statistics as autovacuum keeps them: many receipts, few of them invoiced.
        cursor.execute("ANALYZE receipts_receipt, invoices_invoicedreceipt, invoices_invoice")
        sql, params = credit_ids_to_note(alice).query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "credited_receipt_id" in plan, plan
    assert "Seq Scan on receipts_receipt" not in plan, plan
    assert "unique_receipt_per_connection" not in plan, plan


def test_a_receipt_returned_whole_before_it_is_invoiced_is_refused(alice):
    original = sale(NOON, (bread("2"),), marker=1)
    (receipt,) = store(alice, original)
    store(alice, credit(original, NOON + dt.timedelta(days=1), 2))

    with pytest.raises(InvoiceError) as refused:
        do_issue_invoice(alice.organization, [receipt.pk], ACME)

    assert refused.value.field == "receipts" and "geretourneerd" in str(refused.value)
    assert not Invoice.objects.exists()


def test_a_return_made_before_the_invoice_gets_its_credit_note_with_it(alice):
    original = sale(NOON, (bread("2"), cheese()), marker=1)
    (receipt,) = store(alice, original)
    part = original._replace(lines=original.lines[:1])  # the bread came back, not the cheese
    store(alice, credit(part, NOON + dt.timedelta(days=1), 2))

    invoice, new = do_issue_invoice(alice.organization, [receipt.pk], ACME)

    note = Invoice.objects.get(type_code="381")
    assert new and note.credited_invoice == invoice and note.gross_cents == 790
    assert invoice.gross_cents == receipt.total_incl_cents
