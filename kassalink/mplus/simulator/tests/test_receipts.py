"""Receipts add up like a till's: lines, VAT groups, payments, credits, sync paging."""

from datetime import timedelta

from kassalink.mplus.simulator import Simulator, SimulatorServer
from kassalink.mplus.simulator.soap_time import soap_datetime

from .conftest import START
from .soap_calls import call, find_all, receipts_request, text


def test_line_totals_make_the_receipt_total_and_vat_groups_split_it(shop: Simulator):
    for receipt in shop.receipts_from(0):
        assert sum(line.total_incl for line in receipt.lines) == receipt.total_incl
        assert sum(g.excl_amount + g.vat_amount for g in receipt.vat_groups) == receipt.total_incl
        assert sum(g.excl_amount for g in receipt.vat_groups) == receipt.total_excl
        assert sum(p.amount for p in receipt.payments) == receipt.total_incl
        assert 1 <= len(receipt.lines) <= 8


def test_the_shop_uses_all_three_vat_rates_and_several_payment_methods(shop: Simulator):
    receipts = list(shop.receipts_from(0))
    assert {g.vat_percentage for r in receipts for g in r.vat_groups} == {2100, 900, 0}
    methods = {p.method for r in receipts for p in r.payments}
    assert {"PIN", "CONTANT", "CREDITCARD", "IDEAL"} <= methods


def test_weighed_articles_have_decimal_quantities(shop: Simulator):
    weighed = [line for r in shop.receipts_from(0) for line in r.lines if line.decimal_places == 3]
    assert weighed and all(0 < abs(line.quantity) < 1000 for line in weighed)
    assert any(line.discount_amount for r in shop.receipts_from(0) for line in r.lines)


def test_credit_receipts_return_an_earlier_receipt(shop: Simulator):
    credits = [r for r in shop.receipts_from(0) if r.is_credit]
    assert credits
    for credit in credits:
        original = shop.receipt(credit.credited_receipt_id)
        assert original is not None and not original.is_credit
        assert original.entry < credit.entry
        assert original.sync_marker < credit.sync_marker
        assert credit.total_incl < 0


def test_receipts_fall_in_opening_hours_with_lunch_and_afternoon_peaks(shop: Simulator):
    hours = [r.entry.hour for r in shop.receipts_from(0) if not r.is_credit]
    assert min(hours) >= 9 and max(hours) <= 20
    assert hours.count(12) > 2 * hours.count(9)
    assert hours.count(17) > 2 * hours.count(20)


def test_receipt_numbers_are_unique_per_workplace_and_year(shop: Simulator):
    keys = [(r.branch_number, r.workplace_number, r.financial_date.year, r.number)
            for r in shop.receipts_from(0)]  # fmt: skip
    assert len(keys) == len(set(keys))


def test_dst_change_shows_in_the_timestamps():
    sim = Simulator(seed=1, start=START, history_days=0)
    sim.advance(24 * 60)  # into Sunday 29 March, summer time from 02:00
    sunday = [r for r in sim.receipts_from(0) if r.financial_date.day == 29]
    assert sunday
    assert "<isdst>true</isdst><timezone>120</timezone>" in soap_datetime(sunday[0].entry)
    saturday = next(r for r in sim.receipts_from(0) if r.financial_date.day == 28)
    assert "<isdst>false</isdst><timezone>60</timezone>" in soap_datetime(saturday.entry)


def test_one_page_holds_5000_receipts(shop: Simulator, shop_server: SimulatorServer):
    # The benchmark parses such a page; its speed is measured in `make bench`, not here.
    assert shop.receipt_count() >= 5000
    response = call(shop_server.url, receipts_request(syncMarker=0, syncMarkerLimit=5000))
    receipts = find_all(response, "m:receiptList/m:receipt")
    assert len(receipts) == 5000


def test_paging_by_sync_marker_is_inclusive_and_misses_nothing(shop_server: SimulatorServer):
    seen: list[int] = []
    marker = 0
    for _ in range(3):
        page = call(shop_server.url, receipts_request(syncMarker=marker, syncMarkerLimit=50))
        markers = [int(text(r, "m:syncMarker")) for r in find_all(page, "m:receiptList/m:receipt")]
        assert markers == sorted(markers) and markers[0] >= marker
        seen.extend(markers)
        marker = markers[-1] + 1
    assert len(seen) == 150 == len(set(seen))


def test_filters_narrow_the_receipts(shop: Simulator, shop_server: SimulatorServer):
    response = call(shop_server.url, receipts_request(branchNumbers=2, syncMarkerLimit=100))
    branches = {
        text(r, "m:financialBranchNumber") for r in find_all(response, "m:receiptList/m:receipt")
    }
    assert branches == {"2"}
    response = call(shop_server.url, receipts_request(articleNumbers=2001, syncMarkerLimit=20))
    for receipt in find_all(response, "m:receiptList/m:receipt"):
        articles = {
            text(line, "m:articleNumber") for line in find_all(receipt, "m:lineList/m:line")
        }
        assert "2001" in articles
    response = call(shop_server.url, receipts_request(includeLineList=False, syncMarkerLimit=5))
    assert not find_all(response, "m:receiptList/m:receipt/m:lineList")


def test_date_range_filter(shop: Simulator, shop_server: SimulatorServer):
    from .soap_calls import element, soap_date

    day = (START - timedelta(days=2)).date()
    request = element(
        "getReceipts",
        element(
            "request",
            soap_date("fromFinancialDate", day.day, day.month, day.year),
            soap_date("throughFinancialDate", day.day, day.month, day.year),
            element("articlePluNumbers"),
            element("articleBarcodes"),
        ),
    )
    response = call(shop_server.url, request)
    receipts = find_all(response, "m:receiptList/m:receipt")
    expected = [r for r in shop.receipts_from(0) if r.financial_date == day]
    assert len(receipts) == len(expected) > 50
