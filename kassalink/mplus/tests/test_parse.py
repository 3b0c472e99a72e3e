"""Parsing hand-written responses shaped exactly as the WSDL says (fixtures/*.xml,
validated against the schema in test_wsdl_requests.py) into typed values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from kassalink.mplus import (
    MplusAuthError,
    MplusFault,
    MplusProtocolError,
    ReceiptState,
    ReceiptType,
    VatMethod,
)
from kassalink.mplus.parse_account import (
    parse_get_api_version,
    parse_get_branches,
    parse_get_current_sync_markers,
    parse_get_webhook_consumers,
    parse_report_turnover,
)
from kassalink.mplus.parse_receipts import parse_get_orders_by_receipts, parse_get_receipts
from kassalink.mplus.parse_workforce import (
    parse_get_authorization_groups,
    parse_get_cost_centers,
    parse_get_employee_authorization_groups,
    parse_get_employees,
    parse_get_shifts,
    parse_get_turnover_groups,
    parse_report_hours_by_employee,
)

FIXTURES = Path(__file__).parent / "fixtures"
UTC = dt.UTC


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# --- receipts ------------------------------------------------------------------------


def test_a_sale_with_three_lines_two_vat_rates_and_two_payments() -> None:
    sale, _credit = parse_get_receipts(fixture("get_receipts.xml"))

    assert sale.receipt_id == "6f1c2b7e-0d1a-4c55-9c1e-3b8f6a2d9e01"
    assert sale.transaction_string == "1-2-2026-1041"
    assert sale.sync_marker == 5001
    assert sale.receipt_number == (1, 2, 2026, 1041)
    assert sale.receipt_type is ReceiptType.RECEIPT
    assert sale.state is ReceiptState.PAID
    assert sale.vat_method is VatMethod.INCLUSIVE
    assert (sale.employee_number, sale.employee_name) == (7, "Sanne de Vries")
    assert (sale.relation_number, sale.relation_name) == (1200, "Jan & Co")
    assert sale.financial_date == dt.date(2026, 3, 29)
    assert (sale.branch_number, sale.workplace_number) == (1, 2)
    assert (sale.total_incl_cents, sale.total_excl_cents, sale.paid_cents) == (3345, 2951, 3345)
    assert sale.order_ids == ("a3e9b1c2-5d6f-4e7a-8b9c-0d1e2f3a4b5c",)
    assert sale.credited_receipt_id is None


def test_the_entry_time_honours_the_offset_just_after_the_spring_switch() -> None:
    sale, _credit = parse_get_receipts(fixture("get_receipts.xml"))
    # 03:15 with timezone 120 and isdst true: 01:15 UTC, not 00:15 (isdst is not added).
    assert sale.entry_timestamp == dt.datetime(2026, 3, 29, 1, 15, tzinfo=UTC)
    assert sale.entry_timestamp.utcoffset() == dt.timedelta(hours=2)


def test_lines_keep_quantity_places_prices_vat_and_discount() -> None:
    sale, _credit = parse_get_receipts(fixture("get_receipts.xml"))
    coffee, cheese, bag = sale.lines

    assert (coffee.article_number, coffee.description, coffee.quantity) == (
        101,
        "Cappuccino",
        Decimal("2"),
    )
    assert (coffee.price_cents, coffee.total_incl_cents, coffee.turnover_group) == (350, 700, 10)
    assert (coffee.vat_code, coffee.vat_percentage) == (1, Decimal("9.00"))
    assert cheese.quantity == Decimal("0.750")
    assert str(cheese.quantity) == "0.750"  # the decimal places survive
    assert cheese.plu_number == "2050"
    assert bag.discount_percentage == Decimal("10.00")
    assert bag.discount_cents == 144
    assert (bag.total_incl_cents, bag.total_excl_cents) == (1295, 1070)
    assert bag.vat_percentage == Decimal("21.00")


def test_vat_groups_and_payments_are_the_pos_own_amounts() -> None:
    sale, _credit = parse_get_receipts(fixture("get_receipts.xml"))

    groups = [
        (g.vat_code, g.percentage, g.excl_amount_cents, g.vat_amount_cents) for g in sale.vat_groups
    ]
    assert groups == [(1, Decimal("9.00"), 1881, 169), (2, Decimal("21.00"), 1070, 225)]
    assert [(p.method, p.amount_cents) for p in sale.payments] == [("PIN", 3000), ("CONTANT", 345)]
    assert sum(p.amount_cents for p in sale.payments) == sale.total_incl_cents


def test_a_credit_receipt_links_to_the_receipt_it_returns() -> None:
    sale, credit = parse_get_receipts(fixture("get_receipts.xml"))

    assert credit.receipt_type is ReceiptType.CREDIT_RECEIPT
    assert credit.credited_receipt_id == sale.receipt_id
    assert credit.total_incl_cents == -1295
    assert credit.lines[0].quantity == Decimal("-1")
    # 02:30:05 on the autumn switch with timezone 60 is the second 02:30: 01:30:05 UTC.
    assert credit.entry_timestamp == dt.datetime(2026, 10, 25, 1, 30, 5, tzinfo=UTC)


def test_an_empty_receipt_list_is_an_empty_page() -> None:
    data = fixture("get_receipts.xml")
    start, end = data.index(b"<ns:receiptList>"), data.index(b"</ns:receiptList>")
    empty = data[:start] + b"<ns:receiptList/>" + data[end + len(b"</ns:receiptList>") :]
    assert parse_get_receipts(empty) == []


def test_orders_carry_the_webhook_session_id() -> None:
    with_session, without = parse_get_orders_by_receipts(fixture("get_orders_by_receipts.xml"))
    assert with_session.order_id == "a3e9b1c2-5d6f-4e7a-8b9c-0d1e2f3a4b5c"
    assert with_session.webhook_session_id == "ws-42"
    assert with_session.total_incl_cents == 3345
    assert without.webhook_session_id is None


# --- workforce -----------------------------------------------------------------------


def test_a_closed_shift_across_the_spring_switch_and_an_open_shift() -> None:
    closed, open_shift = parse_get_shifts(fixture("get_shifts.xml"))

    assert closed.shift_number == (2026, 311)
    assert (closed.branch_number, closed.employee_number) == (1, 7)
    assert closed.financial_date == dt.date(2026, 3, 29)
    assert closed.start == dt.datetime(2026, 3, 29, 0, 45, tzinfo=UTC)  # 01:45 CET
    assert closed.end == dt.datetime(2026, 3, 29, 2, 30, tzinfo=UTC)  # 04:30 CEST
    assert closed.end - closed.start == dt.timedelta(hours=1, minutes=45)
    assert (closed.ended, closed.manually_modified) == (True, False)

    assert open_shift.end is None  # all zeros on the wire
    assert (open_shift.ended, open_shift.manually_modified) == (False, True)
    assert open_shift.reference == "vergeten uit te klokken"


def test_employees_leave_password_and_phone_behind() -> None:
    sanne, ahmed = parse_get_employees(fixture("get_employees.xml"))

    assert (sanne.number, sanne.name, sanne.sync_marker, sanne.active) == (
        7,
        "Sanne de Vries",
        31,
        True,
    )
    assert sanne.category_ids == (3, 5)
    assert sanne.email == "sanne@example.nl"
    assert sanne.created_at == dt.datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
    assert "should-never-surface" not in repr(sanne)
    assert "0612345678" not in repr(sanne)
    assert (ahmed.number, ahmed.active, ahmed.category_ids) == (8, False, ())


def test_authorization_groups_cost_centers_and_hours() -> None:
    groups = parse_get_authorization_groups(fixture("get_authorization_groups.xml"))
    assert [(g.number, g.name) for g in groups] == [(1, "Manager"), (2, "Kassamedewerker")]

    per_branch = parse_get_employee_authorization_groups(
        fixture("get_employee_authorization_groups.xml")
    )
    assert [(a.branch_number, a.group.name) for a in per_branch] == [
        (1, "Kassamedewerker"),
        (2, "Manager"),
    ]

    centers = parse_get_cost_centers(fixture("get_cost_centers.xml"))
    assert [(c.number, c.description) for c in centers] == [
        ("KP100", "Bediening"),
        ("KP200", None),
    ]

    (hours,) = parse_report_hours_by_employee(fixture("report_hours_by_employee.xml"))
    assert (hours.financial_date, hours.employee_number) == (dt.date(2026, 3, 29), 7)
    assert (hours.total_minutes, hours.pause_minutes, hours.hourly_rate_cents) == (465, 30, 1450)
    assert (hours.branch_numbers, hours.references) == ((1, 2), ("a",))


def test_turnover_groups_name_each_branch_its_cost_center() -> None:
    bread, vouchers = parse_get_turnover_groups(fixture("get_turnover_groups.xml"))

    assert (bread.number, bread.name, bread.group_type) == (
        10,
        "Brood & banket",
        "TURNOVER-GROUP-TYPE-TURNOVER",
    )
    assert [
        (b.branch_number, b.turnover_cost_center_number) for b in bread.branch_cost_centers
    ] == [
        (1, "KP101"),
        (2, "KP102"),
    ]
    assert (bread.default_turnover_cost_center_number, bread.turnover_cost_center_number) == (
        "KP900",
        None,
    )

    assert vouchers.group_type == "TURNOVER-GROUP-TYPE-PAYMENT"
    # An empty cost center number names none.
    assert [
        (b.branch_number, b.turnover_cost_center_number) for b in vouchers.branch_cost_centers
    ] == [(3, None)]
    assert (vouchers.default_turnover_cost_center_number, vouchers.turnover_cost_center_number) == (
        None,
        "KP910",
    )


# --- account -------------------------------------------------------------------------


def test_api_version_branches_and_sync_markers() -> None:
    version = parse_get_api_version(fixture("get_api_version.xml"))
    assert str(version) == "67.1.3"
    assert version.server_time == dt.datetime(2026, 7, 1, 10, 59, 30, tzinfo=UTC)

    centrum, noord = parse_get_branches(fixture("get_branches.xml"))
    assert (centrum.number, centrum.name, centrum.abbreviation) == (1, "Centrum", "CEN")
    assert [(w.number, w.name, w.workplace_type) for w in centrum.workplaces] == [
        (1, "Kassa 1", "STANDARD"),
        (2, "Handheld", "MOBILE"),
    ]
    assert (noord.workplaces, noord.ext_branch_id, noord.relation_number) == ((), "B2", 55)

    markers = parse_get_current_sync_markers(fixture("get_current_sync_markers.xml"))
    assert (markers.receipt, markers.employee, markers.order) == (5002, 32, 60)


def test_turnover_rows_per_hour_and_webhook_consumers() -> None:
    hour, day = parse_report_turnover(fixture("report_turnover.xml"))
    assert hour.at == dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert (hour.count, hour.total_incl_cents, hour.credited_incl_cents) == (12, 45210, -1295)
    assert hour.source == "REPORT-TURNOVER-SOURCE-RECEIPT"
    assert (day.at, day.financial_date, day.turnover_group_type) == (
        None,
        dt.date(2026, 3, 30),
        None,
    )

    (consumer,) = parse_get_webhook_consumers(fixture("get_webhook_consumers.xml"))
    assert consumer.endpoint_url == "https://kassalink.example/pos/webhook"
    assert consumer.workplace == (1, 2)
    assert [(e.name, e.blocking) for e in consumer.events] == [("WEBHOOK-EVENT-SCAN-CODE", True)]
    assert [(p.code_type, p.pattern) for p in consumer.trigger_patterns] == [
        ("QR", "^KL-[0-9A-Z]{8}$")
    ]


# --- what goes wrong ---------------------------------------------------------------


def test_a_fault_becomes_mplus_fault_and_an_auth_fault_mplus_auth_error() -> None:
    with pytest.raises(MplusFault) as caught:
        parse_get_branches(fixture("fault.xml"))
    assert (caught.value.code, caught.value.text) == ("SOAP-ENV:Client", "Unknown branch 99")
    assert "getBranches" in str(caught.value)

    with pytest.raises(MplusAuthError):
        parse_get_branches(fixture("fault_auth.xml"))


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda d: d[: len(d) // 2], "not well-formed XML"),
        (lambda d: b"", "not well-formed XML"),
        (lambda d: b"<html><body>Bad gateway</body></html>", "expected a SOAP Envelope"),
        (lambda d: d.replace(b"GetReceiptsResponse", b"GetInvoicesResponse"), "expected <Get"),
        (
            lambda d: d.replace(b"<ns:receiptType>RECEIPT-TYPE-RECEIPT</ns:receiptType>", b""),
            "receipt #1 (6f1c2b7e-0d1a-4c55-9c1e-3b8f6a2d9e01) lacks the required element "
            "<receiptType>",
        ),
        (lambda d: d.replace(b">3345<", b">lots<", 1), "receipt #1"),
        (
            lambda d: d.replace(b">Sanne de Vries<", b"><ns:first>Sanne</ns:first><", 1),
            "receipt #1 (6f1c2b7e-0d1a-4c55-9c1e-3b8f6a2d9e01) has a value we cannot read: "
            "expected text, found elements",
        ),
        (lambda d: d.replace(b"RECEIPT-STATE-PAID", b"RECEIPT-STATE-LOST", 1), "unknown"),
        (
            lambda d: d.replace(b"<ns:receiptList>", b"").replace(b"</ns:receiptList>", b""),
            "lacks <receiptList>",
        ),
    ],
)
def test_unreadable_receipt_answers_say_which_operation_and_what(mangle, message) -> None:
    with pytest.raises(MplusProtocolError) as caught:
        parse_get_receipts(mangle(fixture("get_receipts.xml")))
    assert "getReceipts" in str(caught.value)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (
            lambda d: d.replace(b"<orderId>b0000000-0000-0000-0000-000000000002</orderId>", b""),
            "getOrdersByReceipts: order #2 lacks the required element <orderId>",
        ),
        (
            lambda d: d.replace(b">60<", b">sixty<"),
            "getOrdersByReceipts: order #1 (a3e9b1c2-5d6f-4e7a-8b9c-0d1e2f3a4b5c) has a value",
        ),
        (
            lambda d: d.replace(b">ws-42<", b"><x>ws-42</x><"),
            "getOrdersByReceipts: order #1 (a3e9b1c2-5d6f-4e7a-8b9c-0d1e2f3a4b5c) has a value "
            "we cannot read: expected text, found elements",
        ),
    ],
)
def test_unreadable_orders_say_which_order_and_what(mangle, message) -> None:
    with pytest.raises(MplusProtocolError) as caught:
        parse_get_orders_by_receipts(mangle(fixture("get_orders_by_receipts.xml")))
    assert message in str(caught.value)


def test_a_shift_without_its_start_is_a_protocol_error() -> None:
    data = fixture("get_shifts.xml")
    start = data.index(b"<startTimestamp>")
    end = data.index(b"</startTimestamp>") + len(b"</startTimestamp>")
    with pytest.raises(MplusProtocolError, match=r"getShifts: shift #1 lacks .*<startTimestamp>"):
        parse_get_shifts(data[:start] + data[end:])


def test_entities_are_not_expanded() -> None:
    # A hostile or broken proxy must not make us read local files.
    evil = (
        fixture("get_cost_centers.xml")
        .replace(
            b'<?xml version="1.0" encoding="UTF-8"?>',
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        )
        .replace(b"Bediening", b"&e;")
    )
    # Nor may it shorten a text silently: an answer with a DTD is refused whole.
    with pytest.raises(MplusProtocolError, match="DTD") as refused:
        parse_get_cost_centers(evil)
    assert "root:" not in str(refused.value)


def test_a_shift_not_ended_has_no_end_whatever_the_wire_says() -> None:
    data = fixture("get_shifts.xml").replace(b"<ended>true</ended>", b"<ended>false</ended>")
    closed_on_the_wire, _open = parse_get_shifts(data)
    assert (closed_on_the_wire.ended, closed_on_the_wire.end) == (False, None)
