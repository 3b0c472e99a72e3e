"""Invoice numbers: sequential per shop, no gaps, no duplicates, also when managers issue
at the same moment (threads racing on PostgreSQL), and in the shop's own format."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from kassalink.invoices.actions import do_issue_invoice
from kassalink.invoices.content import InvoiceError
from kassalink.invoices.models import Invoice, InvoiceSettings
from kassalink.invoices.numbering import number_format_error
from kassalink.receipts.tests.sales import bread, sale

from .conftest import ACME, NOON, store


def test_numbers_follow_each_other_per_shop_in_the_shops_format(alice, bob):
    InvoiceSettings.objects.filter(organization=alice.organization).update(
        number_format="A{year}-{seq:03d}"
    )
    receipts = store(alice, *(sale(NOON, (bread(),), marker=m) for m in range(1, 4)))
    (bobs,) = store(bob, sale(NOON, (bread(),), marker=1))

    numbers = [do_issue_invoice(alice.organization, [r.pk], ACME)[0].number for r in receipts]
    bob_number = do_issue_invoice(bob.organization, [bobs.pk], ACME)[0].number

    assert numbers == ["A2026-001", "A2026-002", "A2026-003"]
    assert bob_number == "2026-00001"


def test_a_refused_invoice_uses_no_number(alice, two_sales):
    do_issue_invoice(alice.organization, [two_sales[0].pk], ACME)
    with pytest.raises(InvoiceError):
        do_issue_invoice(alice.organization, [r.pk for r in two_sales], ACME)

    second, _ = do_issue_invoice(alice.organization, [two_sales[1].pk], ACME)

    assert second.sequence == 2


@pytest.mark.parametrize(
    ("number_format", "ok"),
    [
        ("{year}-{seq:05d}", True),
        ("F{seq}", True),
        ("{year}", False),
        ("{seq}{seq}", False),
        ("{seq!r}", False),
        ("{seq:>5}", False),
        ("{klant}-{seq}", False),
        ("{seq", False),
    ],
)
def test_number_formats(number_format, ok):
    assert (number_format_error(number_format) is None) == ok


@pytest.mark.django_db(transaction=True)
def test_managers_issuing_at_the_same_moment_get_consecutive_numbers(alice):
    if connection.vendor != "postgresql":
        pytest.skip("the race runs on PostgreSQL (make test's second pass)")
    receipts = store(
        alice, *(sale(NOON + dt.timedelta(minutes=m), (bread(),), marker=m) for m in range(1, 13))
    )
    # Two managers asking for the same receipt at once as well: one invoice for it.
    wanted = [[r.pk] for r in receipts] + [[receipts[0].pk]] * 4
    start = threading.Barrier(len(wanted))
    results, errors = [], []

    def issue(ids: list[int]) -> None:
        try:
            start.wait()
            results.append(do_issue_invoice(alice.organization, ids, ACME)[0].pk)
        except Exception as error:  # collected: a thread's failure must fail the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(ids,)) for ids in wanted]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    sequences = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 13))
    assert len(set(results)) == 12
    assert InvoiceSettings.objects.get(organization=alice.organization).last_sequence == 12
