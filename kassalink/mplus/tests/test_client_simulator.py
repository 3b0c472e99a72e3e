"""Round trips against the simulator over real HTTP: every operation, sync-marker paging
to the end with no gap or duplicate, and every injectable failure mapped to its error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from kassalink.mplus import (
    MplusAuthError,
    MplusClient,
    MplusFault,
    MplusProtocolError,
    MplusUnavailable,
    Receipt,
    ReceiptType,
)
from kassalink.mplus.simulator import Simulator, serve_in_thread
from kassalink.mplus.units import AMSTERDAM

START = dt.datetime(2026, 3, 30, 12, 0, tzinfo=AMSTERDAM)  # the day after the spring switch
TODAY = START.date()


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sim() -> Simulator:
    return Simulator(seed=7, start=START, ident="demo", secret="demo", history_days=3)


@pytest.fixture
def port(sim: Simulator) -> Iterator[int]:
    with serve_in_thread(sim, port=0) as server:
        yield server.port


@pytest.fixture
def client(port: int) -> MplusClient:
    return MplusClient("127.0.0.1", port, "demo", "demo", scheme="http", sleep=Sleeps())


# --- every operation -----------------------------------------------------------------


def test_account_operations(client: MplusClient, sim: Simulator) -> None:
    version = client.get_api_version()
    assert (version.major, version.minor, version.revision) == (67, 1, 3)

    branches = client.get_branches()
    assert [b.number for b in branches] == [b.number for b in sim.branches]
    assert all(branch.workplaces for branch in branches)

    markers = client.get_current_sync_markers()
    assert markers.receipt == sim.receipt_sync_marker()
    assert markers.employee == sim.employee_sync_marker()

    branch = branches[0]
    consumers = client.get_webhook_consumers(branch.number, branch.workplaces[0].number)
    assert consumers == []  # none registered in this simulator


def test_workforce_operations(client: MplusClient, sim: Simulator) -> None:
    employees = client.get_employees()
    assert {e.number for e in employees} == {e.number for e in sim.employees}

    groups = client.get_authorization_groups()
    assert groups
    per_branch = client.get_employee_authorization_groups(employees[0].number)
    assert {g.group.number for g in per_branch} <= {g.number for g in groups}

    centers = {c.number for c in client.get_cost_centers()}
    groups = client.get_turnover_groups(only_active=True)
    assert {g.number for g in groups} == {10, 20, 30, 40, 50, 60, 70}
    for group in groups:
        own = {b.branch_number: b.turnover_cost_center_number for b in group.branch_cost_centers}
        for branch in sim.branches:
            booked = own.get(branch.number, group.default_turnover_cost_center_number)
            assert booked == branch.turnover_cost_center
            assert booked in centers

    shifts = client.get_shifts(TODAY - dt.timedelta(days=2), TODAY)
    assert shifts
    for shift in shifts:
        assert shift.start.tzinfo is not None
        assert (shift.end is None) == (not shift.ended)
        if shift.end is not None:
            assert shift.end > shift.start
    one = shifts[0]
    only = client.get_shifts(
        one.financial_date, one.financial_date, [one.branch_number], [one.employee_number]
    )
    assert one in only
    assert {(s.branch_number, s.employee_number) for s in only} == {
        (one.branch_number, one.employee_number)
    }

    hours = client.report_hours_by_employee(TODAY - dt.timedelta(days=2), TODAY)
    assert hours and all(row.total_minutes >= 0 for row in hours)


def test_receipts_orders_and_turnover(client: MplusClient, sim: Simulator) -> None:
    page = client.get_receipts(sync_marker=0, sync_marker_limit=200, include_order_references=True)
    assert len(page) == 200
    for receipt in page:
        assert sum(p.amount_cents for p in receipt.payments) == receipt.paid_cents
        assert receipt.vat_groups  # the POS's own breakdown
    credits = [r for r in sim.receipts_from(0) if r.credited_receipt_id]
    if credits:
        (credit,) = client.get_receipts(receipt_ids=[credits[0].receipt_id])
        assert credit.receipt_type is ReceiptType.CREDIT_RECEIPT
        assert credit.credited_receipt_id == credits[0].credited_receipt_id

    orders = client.get_orders_by_receipts([r.receipt_id for r in page[:20]])
    order_ids = {o.order_id for o in orders}
    assert order_ids <= {oid for r in page[:20] for oid in r.order_ids}

    yesterday = TODAY - dt.timedelta(days=1)
    per_day = client.report_turnover(yesterday, yesterday)
    per_hour = client.report_turnover(yesterday, yesterday, per_hour=True)
    assert sum(r.total_incl_cents for r in per_day) == sum(r.total_incl_cents for r in per_hour)
    receipts_of_day = [
        r
        for r in sim.receipts_from(0)
        if r.financial_date == yesterday and r.receipt_type is not ReceiptType.CASH_INFLOW
    ]
    assert receipts_of_day


# --- following sync markers ----------------------------------------------------------


def _versions(receipts: list[Receipt]) -> list[tuple[str, int | None]]:
    return [(r.receipt_id, r.sync_marker) for r in receipts]


def test_iter_receipts_pages_to_the_end_without_gap_or_duplicate(
    client: MplusClient, sim: Simulator
) -> None:
    seen = list(client.iter_receipts(sync_marker=0, page_size=97))
    expected = list(sim.receipts_from(0))
    assert len(expected) > 3 * 97
    assert _versions(seen) == [(r.receipt_id, r.sync_marker) for r in expected]
    markers = [r.sync_marker for r in seen]
    assert markers == sorted(set(markers))  # strictly increasing: no duplicate

    # Time passes; asking from the highest marker seen brings exactly what is new.
    highest = markers[-1]
    sim.advance(90)
    later = list(client.iter_receipts(sync_marker=highest, page_size=50))
    assert later, "ninety minutes of trading should bring receipts"
    assert all(r.sync_marker > highest for r in later)
    assert [r.receipt_id for r in later] == [r.receipt_id for r in sim.receipts_from(highest + 1)]


def test_iter_employees_pages_to_the_end(client: MplusClient, sim: Simulator) -> None:
    employees = list(client.iter_employees(page_size=5))
    assert sorted(e.number for e in employees) == sorted(e.number for e in sim.employees)
    assert len({e.number for e in employees}) == len(employees)


# --- failures ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["http_500", "http_503", "drop"])
def test_a_transient_failure_is_retried_and_the_call_succeeds(
    sim: Simulator, port: int, kind: str
) -> None:
    sleeps = Sleeps()
    client = MplusClient("127.0.0.1", port, "demo", "demo", scheme="http", sleep=sleeps)
    sim.faults.add("getReceipts", kind, times=2)
    assert len(client.get_receipts(sync_marker=0, sync_marker_limit=10)) == 10
    assert len(sleeps) == 2


@pytest.mark.parametrize("kind", ["http_500", "http_503", "drop"])
def test_a_lasting_failure_is_unavailable_after_the_retries(
    sim: Simulator, port: int, kind: str
) -> None:
    client = MplusClient("127.0.0.1", port, "demo", "demo", scheme="http", sleep=Sleeps())
    sim.faults.add("getReceipts", kind, times=4)
    with pytest.raises(MplusUnavailable, match="getReceipts"):
        client.get_receipts(sync_marker=0, sync_marker_limit=10)
    assert sim.faults.pending() == []


def test_latency_beyond_the_timeout_is_unavailable_then_recovers(sim: Simulator, port: int) -> None:
    client = MplusClient(
        "127.0.0.1", port, "demo", "demo", scheme="http", timeout=0.3, retries=1, sleep=Sleeps()
    )
    sim.faults.add("getBranches", "latency", times=2, seconds=0.8)
    with pytest.raises(MplusUnavailable, match="no answer"):
        client.get_branches()
    sim.faults.add("getBranches", "latency", times=1, seconds=0.8)
    assert client.get_branches()  # the retry gets through


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("soap_fault", MplusFault),
        ("truncated", MplusProtocolError),
        ("wrong_credentials", MplusAuthError),
    ],
)
def test_answers_that_retrying_cannot_fix(
    sim: Simulator, client: MplusClient, kind: str, error: type
) -> None:
    sim.faults.add("getReceipts", kind, times=1)
    with pytest.raises(error, match="getReceipts"):
        client.get_receipts(sync_marker=0, sync_marker_limit=10)
    assert sim.faults.pending() == []  # exactly one attempt: not retried
    assert len(client.get_receipts(sync_marker=0, sync_marker_limit=10)) == 10


def test_a_wrong_secret_is_an_auth_error_that_does_not_name_it(port: int) -> None:
    client = MplusClient("127.0.0.1", port, "demo", "hunter2-wrong", scheme="http")
    with pytest.raises(MplusAuthError) as caught:
        client.get_api_version()
    assert "hunter2-wrong" not in str(caught.value)
    assert "hunter2-wrong" not in repr(client)
