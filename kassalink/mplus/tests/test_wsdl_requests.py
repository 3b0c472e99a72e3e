"""Every request the client builds, and every response fixture the parse tests read, is
valid against the official WSDL's schema: element names, order and namespace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from kassalink.mplus import MplusClient, build
from kassalink.mplus.envelope import envelope

from .schema import assert_valid, load_schema

pytestmark = pytest.mark.wsdl

DAY = dt.date(2026, 3, 29)
FIXTURES = Path(__file__).parent / "fixtures"

REQUESTS = {
    "getApiVersion": build.get_api_version,
    "getBranches": build.get_branches,
    "getCurrentSyncMarkers": build.get_current_sync_markers,
    "getAuthorizationGroups": build.get_authorization_groups,
    "getCostCenters": build.get_cost_centers,
    "getTurnoverGroups": lambda: build.get_turnover_groups(),
    "getTurnoverGroups (only active)": lambda: build.get_turnover_groups(only_active=True),
    "getEmployees (all)": lambda: build.get_employees(),
    "getEmployees (page)": lambda: build.get_employees([7, 8], sync_marker=30, sync_marker_limit=2),
    "getEmployeeAuthorizationGroups": lambda: build.get_employee_authorization_groups(7, True),
    "getShifts": lambda: build.get_shifts(DAY, DAY),
    "getShifts (filtered)": lambda: build.get_shifts(DAY, DAY, [1, 2], [7]),
    "reportHoursByEmployee": lambda: build.report_hours_by_employee(DAY, DAY),
    "reportHoursByEmployee (filtered)": lambda: build.report_hours_by_employee(DAY, DAY, [1], [7]),
    "getReceipts (empty)": lambda: build.get_receipts(),
    "getReceipts (page)": lambda: build.get_receipts(sync_marker=0, sync_marker_limit=500),
    "getReceipts (everything)": lambda: build.get_receipts(
        sync_marker=5000,
        sync_marker_limit=100,
        from_financial_date=DAY,
        through_financial_date=DAY,
        branch_numbers=[1, 2],
        employee_numbers=[7],
        relation_numbers=[1200],
        receipt_ids=["6f1c2b7e-0d1a-4c55-9c1e-3b8f6a2d9e01"],
        include_order_references=True,
        include_line_list=False,
    ),
    "getOrdersByReceipts": lambda: build.get_orders_by_receipts(["a", "b"]),
    "getOrdersByReceipts (page)": lambda: build.get_orders_by_receipts(["a"], 1, 10),
    "reportTurnover": lambda: build.report_turnover(DAY, DAY),
    "reportTurnover (per hour, branches)": lambda: build.report_turnover(DAY, DAY, [1, 2], True),
    "getWebhookConsumers": lambda: build.get_webhook_consumers(1, 2),
}


@pytest.fixture(scope="session")
def schema(wsdl_path: Path):
    return load_schema(wsdl_path)


@pytest.mark.parametrize("name", list(REQUESTS))
def test_request_is_valid_against_the_wsdl(schema, name: str) -> None:
    request = REQUESTS[name]()
    operation = etree.QName(request).localname
    assert etree.QName(request).namespace == "urn:mplusqapi"
    # Validate what goes on the wire: the whole envelope, read back.
    assert_valid(schema, operation, envelope(request))


def test_every_client_operation_has_a_request_here() -> None:
    def camel(snake: str) -> str:
        first, *rest = snake.split("_")
        return first + "".join(word.title() for word in rest)

    operations = {camel(name) for name in vars(MplusClient) if name.startswith(("get_", "report_"))}
    assert operations == {name.split(" ")[0] for name in REQUESTS}


@pytest.mark.parametrize(
    "path", sorted(p for p in FIXTURES.glob("*.xml") if not p.name.startswith("fault"))
)
def test_response_fixture_is_valid_against_the_wsdl(schema, path: Path) -> None:
    root = etree.parse(str(path)).getroot()
    payload = root[0][0]
    assert_valid(schema, etree.QName(payload).localname, root)
