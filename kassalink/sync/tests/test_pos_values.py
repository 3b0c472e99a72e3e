"""One rule for values from the POS that do not fit (issue #11): the page fails, nothing of
it is written, and the run log says which record and field, in a readable length. A value
is never stored shortened as if it were whole."""

import datetime as dt

import pytest

from kassalink.mplus.errors import MplusAnswerTooLarge, MplusFault, MplusTimeout
from kassalink.mplus.types import Branch, CostCenter
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.models import Receipt
from kassalink.receipts.tests.sales import AMS, sale
from kassalink.sync.importing import PosDataError
from kassalink.sync.models import SyncRun
from kassalink.sync.runner import run_stream
from kassalink.workforce.imports_cost_centers import import_cost_centers
from kassalink.workforce.models import PosBranch

FIVE_MB = "n" * 5_000_000
NOON = dt.datetime(2026, 3, 10, 12, 4, 31, tzinfo=AMS)


def test_an_over_long_employee_name_fails_the_page_with_a_short_message(alice):
    with pytest.raises(PosDataError) as refused:
        import_receipts(alice, [sale(NOON, employee_name=FIVE_MB)])
    assert "employee name: 5,000,000 characters, longer than the 200 we store" in str(refused.value)
    assert len(str(refused.value)) < 1000
    assert not Receipt.objects.exists()


def test_an_over_long_branch_name_fails_too_instead_of_being_cut(alice):
    with pytest.raises(PosDataError, match="branch 1: name: 5,000,000 characters"):
        import_cost_centers(alice, [Branch(1, FIVE_MB, "CEN", "NLD")], [CostCenter("1", "x")], [])
    assert not PosBranch.objects.exists()


def test_a_number_too_large_for_the_database_is_refused_not_an_overflow(alice):
    with pytest.raises(PosDataError, match=r"total incl\. VAT: the number 1180591620717411303424"):
        import_receipts(alice, [sale(NOON, total_incl_cents=2**70)])
    assert not Receipt.objects.exists()


def test_a_huge_value_in_an_error_is_cut_before_the_run_log(alice, fake_stream):
    fake_stream(count=3, fetch_error=PosDataError(f"receipt x: type {FIVE_MB!r} unknown"))
    run = run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)
    assert run.status == SyncRun.Status.FAILED
    assert run.error.startswith("PosDataError: receipt x: type 'nnn")
    assert "more characters" in run.error and len(run.error) < 1000


@pytest.mark.parametrize(
    ("error", "setting"),
    [
        (MplusAnswerTooLarge("getReceipts: larger than the limit", 10), "MAX_ANSWER_BYTES"),
        (MplusTimeout("getReceipts: no complete answer within the deadline", 1.0), "DEADLINE"),
    ],
)
def test_a_limit_in_the_run_log_names_its_setting(alice, fake_stream, error, setting):
    fake_stream(count=3, fetch_error=error)
    run = run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)
    assert run.error.endswith(f"(KASSALINK_MPLUS_{setting})")


def test_a_huge_fault_text_is_cut_before_the_run_log(alice, fake_stream):
    fake_stream(count=3, fetch_error=MplusFault("getReceipts", "E1", "x" * 200_000))
    run = run_stream(alice.pk, "fake", SyncRun.Trigger.CLI)
    assert len(run.error) < 1000


def test_a_branch_number_beyond_its_32_bit_column_is_refused_on_every_database(alice):
    with pytest.raises(PosDataError, match="branch: the number 1099511627776 is too large"):
        import_receipts(alice, [sale(NOON, branch=2**40)])
    assert not Receipt.objects.exists()
