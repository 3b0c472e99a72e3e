"""The chain history (`--branches N --days D`): a small chain over New Year and the
spring DST change, served like the live shop: paged by sync marker without gaps or
repeats, filtered by date window and branch, totals that add up, parsed by our client,
byte for byte the same as the live shop's writer, and the same for the same seed."""

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from lxml import etree

from kassalink.mplus import MplusClient
from kassalink.mplus.simulator import Simulator, SimulatorServer, serve_in_thread
from kassalink.mplus.simulator.chain_receipts import orders_xml, receipts_xml, record
from kassalink.mplus.simulator.operations import answer
from kassalink.mplus.simulator.receipt_xml import order_xml, receipt_xml
from kassalink.mplus.simulator.records import Receipt
from kassalink.mplus.simulator.soap_time import AMSTERDAM, local

from .soap_calls import MPLUS, element, envelope, soap_date

START = datetime(2026, 3, 30, 10, 0, tzinfo=AMSTERDAM)  # Monday after the DST change
FIRST_DAY = date(2025, 12, 25)  # 95 days before START: over New Year and 29 March
BRANCHES = 4


def _chain(seed: int = 5) -> Simulator:
    return Simulator(
        seed=seed,
        start=START,
        history_days=0,
        branches=BRANCHES,
        employees=10 * BRANCHES,
        chain_days=95,
        receipts_per_day=6,
    )


@pytest.fixture(scope="module")
def chain_shop() -> Simulator:
    return _chain()


@pytest.fixture(scope="module")
def chain_server(chain_shop: Simulator) -> Iterator[SimulatorServer]:
    with serve_in_thread(chain_shop) as server:
        yield server


def _history(sim: Simulator) -> list[Receipt]:
    chain = sim.chain
    assert chain is not None
    receipts = []
    for index in range(chain.days * BRANCHES):
        block = chain.block(index)
        receipts += [record(chain, block, seq) for seq in range(block.count)]
    return receipts


def _receipts_request(**fields: object) -> bytes:
    children = []
    if "marker" in fields:
        children.append(element("syncMarker", text=fields["marker"]))
    if "limit" in fields:
        children.append(element("syncMarkerLimit", text=fields["limit"]))
    if "first" in fields:
        first: date = fields["first"]  # type: ignore[assignment]
        children.append(soap_date("fromFinancialDate", first.day, first.month, first.year))
    if "last" in fields:
        last: date = fields["last"]  # type: ignore[assignment]
        children.append(soap_date("throughFinancialDate", last.day, last.month, last.year))
    for number in fields.get("branches", ()):  # type: ignore[attr-defined]
        children.append(element("branchNumbers", text=number))
    children += [element("articlePluNumbers"), element("articleBarcodes")]
    children.append(element("includeOrderReferences", text=True))
    return envelope(element("getReceipts", element("request", *children)))


def _markers(sim: Simulator, **fields: object) -> list[tuple[int, str, date, int]]:
    """(marker, id, financial date, branch) of one getReceipts answer, in order."""
    body = answer(sim, _receipts_request(**fields))
    root = etree.fromstring(body)
    found = []
    for receipt in root.iter(f"{{{MPLUS}}}receipt"):
        day = receipt.find(f"{{{MPLUS}}}financialDate")
        found.append(
            (
                int(receipt.findtext(f"{{{MPLUS}}}syncMarker")),
                receipt.findtext(f"{{{MPLUS}}}receiptId"),
                date(*(int(day.findtext(f"{{{MPLUS}}}{p}")) for p in ("year", "mon", "day"))),
                int(receipt.findtext(f"{{{MPLUS}}}financialBranchNumber")),
            )
        )
    return found


def _walk(sim: Simulator, limit: int, **filters: object) -> list[tuple[int, str, date, int]]:
    """Follow sync markers as a client does: ask again from the highest one plus one."""
    seen: list[tuple[int, str, date, int]] = []
    marker = 0
    while True:
        page = _markers(sim, marker=marker, limit=limit, **filters)
        seen += page
        if len(page) < limit:
            return seen
        marker = page[-1][0] + 1


def test_the_history_has_the_asked_size_and_live_receipts_come_after_it(chain_shop):
    chain = chain_shop.chain
    assert (chain.first_day, chain.last_day) == (FIRST_DAY, START.date() - timedelta(days=1))
    assert 95 * BRANCHES * 6 * 0.85 < chain.total < 95 * BRANCHES * 6 * 1.15
    assert chain_shop.receipt_count() == chain.total + len(chain_shop._receipts)
    chain_shop.advance(120)  # sales at the tills this morning
    live = list(chain_shop.receipts_from(0))
    assert live and min(r.sync_marker for r in live) == chain.top_marker + 1


def test_paging_by_sync_marker_walks_every_receipt_once(chain_shop):
    history = _history(chain_shop)
    walked = _walk(chain_shop, limit=7)
    markers = [marker for marker, *_ in walked]
    assert markers == sorted(markers)
    assert len(set(markers)) == len(markers)
    top = chain_shop.chain.top_marker
    assert [m for m in markers if m <= top] == list(range(1, top + 1))
    assert [i for m, i, *_ in walked if m <= top] == [r.receipt_id for r in history]
    live = [r.sync_marker for r in chain_shop.receipts_from(top + 1)]
    assert [m for m in markers if m > top] == live
    # History markers go day by day, branch by branch.
    keys = [(day, branch) for marker, _, day, branch in walked if marker <= top]
    assert keys == sorted(keys)


def test_a_date_window_and_branches_give_exactly_their_receipts(chain_shop):
    history = _history(chain_shop)
    first, last = date(2025, 12, 30), date(2026, 1, 3)
    expected = [
        r.receipt_id
        for r in history
        if first <= r.financial_date <= last and r.branch_number in (2, 4)
    ]
    walked = _walk(chain_shop, limit=5, first=first, last=last, branches=(2, 4))
    assert [receipt_id for _, receipt_id, *_ in walked] == expected
    # One day of one branch, asked from a marker inside it.
    day = [r for r in history if r.financial_date == date(2026, 3, 29) and r.branch_number == 3]
    middle = day[len(day) // 2].sync_marker
    page = _markers(chain_shop, marker=middle, limit=100, first=day[0].financial_date,
                    last=day[0].financial_date, branches=(3,))  # fmt: skip
    assert [m for m, *_ in page] == [r.sync_marker for r in day if r.sync_marker >= middle]


def test_receipts_add_up_and_look_like_a_shop_day(chain_shop):
    history = _history(chain_shop)
    staff = {e.number: e for e in chain_shop.employees}
    by_id = {r.receipt_id: r for r in history}
    numbers: Counter = Counter()
    for receipt in history:
        assert sum(line.total_incl for line in receipt.lines) == receipt.total_incl
        assert sum(g.excl_amount + g.vat_amount for g in receipt.vat_groups) == receipt.total_incl
        assert sum(g.excl_amount for g in receipt.vat_groups) == receipt.total_excl
        assert sum(p.amount for p in receipt.payments) == receipt.total_incl
        assert {g.vat_percentage for g in receipt.vat_groups} <= {2100, 900, 0}
        wall = local(receipt.entry)
        assert wall.date() == receipt.financial_date
        assert (12 if wall.weekday() == 6 else 9) <= wall.hour < (18 if wall.weekday() == 6 else 21)
        employee = staff[receipt.employee_number]
        assert employee.active and receipt.branch_number in employee.branch_numbers
        numbers[(receipt.branch_number, receipt.workplace_number, receipt.financial_date.year)] += 1
        if receipt.is_credit:
            sold = by_id[receipt.credited_receipt_id]
            assert sold.sync_marker < receipt.sync_marker and not sold.is_credit
            assert receipt.total_incl < 0
            assert {line.article.number for line in receipt.lines} <= {
                line.article.number for line in sold.lines
            }
    assert any(r.is_credit for r in history) and any(r.relation_number for r in history)
    # Receipt numbers run 1..n per (branch, workplace, year), and order numbers per year.
    for key, count in numbers.items():
        got = sorted(
            r.number
            for r in history
            if (r.branch_number, r.workplace_number, r.financial_date.year) == key
        )
        assert got == list(range(1, count + 1))
    for year in (2025, 2026):
        orders = [r.order_number for r in history if r.financial_date.year == year]
        assert sorted(orders) == list(range(1, len(orders) + 1))
    # A DST day keeps its zone: 29 March 2026 is summer time all opening hours.
    dst_day = [r for r in history if r.financial_date == date(2026, 3, 29)]
    assert dst_day and all(local(r.entry).utcoffset() == timedelta(hours=2) for r in dst_day)


def test_the_fast_writers_write_what_the_live_shops_writer_writes(chain_shop):
    chain = chain_shop.chain
    for index in range(chain.days * BRANCHES):
        block = chain.block(index)
        entries = [(block, seq) for seq in range(block.count)]
        records = [record(chain, block, seq) for seq in range(block.count)]
        for lines in (True, False):
            for refs in (True, False):
                written = receipts_xml(chain, entries, lines, refs)
                assert written == [receipt_xml(r, lines, refs).encode() for r in records]
        assert orders_xml(chain, entries) == [order_xml(r).encode() for r in records]


def test_live_receipts_continue_the_historys_numbers(chain_shop):
    chain_shop.advance(60)
    history = _history(chain_shop)
    live = [r for r in chain_shop.receipts_from(0) if r.financial_date.year == 2026]
    assert live
    last = {}
    for r in history:
        if r.financial_date.year == 2026:
            key = (r.branch_number, r.workplace_number)
            last[key] = max(last.get(key, 0), r.number)
    for r in live:
        assert r.number > last.get((r.branch_number, r.workplace_number), 0)
    assert min(r.order_number for r in live) > max(
        r.order_number for r in history if r.financial_date.year == 2026
    )


def test_our_client_reads_what_the_history_meant(chain_server, chain_shop):
    client = MplusClient("127.0.0.1", chain_server.port, "demo", "demo", scheme="http")
    history = _history(chain_shop)[300:420]
    got = client.get_receipts(
        sync_marker=history[0].sync_marker,
        sync_marker_limit=len(history),
        include_order_references=True,
    )
    assert [r.receipt_id for r in got] == [r.receipt_id for r in history]
    for parsed, meant in zip(got, history, strict=True):
        assert parsed.sync_marker == meant.sync_marker
        assert parsed.total_incl_cents == meant.total_incl
        assert parsed.total_excl_cents == meant.total_excl
        assert parsed.financial_date == meant.financial_date
        assert parsed.entry_timestamp == meant.entry
        assert parsed.receipt_number == (
            meant.branch_number, meant.workplace_number, meant.financial_date.year, meant.number,
        )  # fmt: skip
        assert parsed.employee_number == meant.employee_number
        assert [line.line_id for line in parsed.lines] == [line.line_id for line in meant.lines]
        assert [p.amount_cents for p in parsed.payments] == [p.amount for p in meant.payments]
        assert parsed.credited_receipt_id == meant.credited_receipt_id
        assert parsed.order_ids == (meant.order_id,)
    orders = client.get_orders_by_receipts([r.receipt_id for r in got])
    assert [o.order_id for o in orders] == [r.order_id for r in history]
    sessions = [o.webhook_session_id for o in orders]
    assert sessions == [r.webhook_session_id for r in history]
    by_id = client.get_receipts(receipt_ids=[history[5].receipt_id, "not-a-receipt"])
    assert [r.receipt_id for r in by_id] == [history[5].receipt_id]


def test_branches_shifts_and_employees_of_the_chain(chain_server, chain_shop):
    client = MplusClient("127.0.0.1", chain_server.port, "demo", "demo", scheme="http")
    branches = client.get_branches()
    assert [b.number for b in branches] == list(range(1, BRANCHES + 1))
    assert len({b.name for b in branches}) == BRANCHES
    employees = list(client.iter_employees())
    assert len(employees) == 10 * BRANCHES
    shifts = client.get_shifts(date(2026, 1, 5), date(2026, 1, 11))
    assert {s.branch_number for s in shifts} == set(range(1, BRANCHES + 1))
    assert {s.financial_date for s in shifts} == {
        date(2026, 1, 5) + timedelta(days=d) for d in range(7)
    }
    assert len({s.shift_number for s in shifts}) == len(shifts)
    staff = {e.number: e for e in chain_shop.employees}
    assert all(s.branch_number == staff[s.employee_number].branch_numbers[0] for s in shifts)
    assert all(s.ended and s.end > s.start for s in shifts)
    one = client.get_shifts(date(2026, 1, 5), date(2026, 1, 5), branch_numbers=[2])
    assert one and {s.branch_number for s in one} == {2}


def test_same_seed_same_bytes_another_seed_other_receipts():
    def responses(sim: Simulator) -> list:
        return [
            answer(sim, _receipts_request(marker=400, limit=300)),
            answer(
                sim,
                _receipts_request(
                    marker=1, limit=50, first=date(2026, 2, 1), last=date(2026, 2, 3), branches=(3,)
                ),
            ),
            answer(
                sim,
                envelope(
                    element(
                        "getShifts",
                        element(
                            "request",
                            soap_date("fromFinancialDate", 1, 2, 2026),
                            soap_date("throughFinancialDate", 3, 2, 2026),
                        ),
                    )
                ),
            ),
        ]

    assert responses(_chain(seed=5)) == responses(_chain(seed=5))
    assert responses(_chain(seed=5))[:2] != responses(_chain(seed=6))[:2]


@pytest.mark.wsdl
def test_chain_answers_validate_against_the_wsdl(chain_shop, mplus_schema):
    from kassalink.mplus.tests.schema import assert_valid

    body = answer(chain_shop, _receipts_request(marker=1, limit=150))
    assert_valid(mplus_schema, "GetReceiptsResponse", envelope_of(body))
    ids = [r.receipt_id for r in _history(chain_shop)[:150]]
    request = element(
        "getOrdersByReceipts",
        element("request", element("receiptIds", *(element("id", text=i) for i in ids))),
    )
    assert_valid(mplus_schema, "getOrdersByReceipts", request)
    body = answer(chain_shop, envelope(request))
    assert_valid(mplus_schema, "GetOrdersByReceiptsResponse", envelope_of(body))


def envelope_of(body: str | bytes) -> bytes:
    from kassalink.mplus.simulator.soap import envelope as soap_envelope

    return soap_envelope(body)
