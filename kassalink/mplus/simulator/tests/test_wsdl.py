"""Every answered operation validates against the official WSDL's schema."""

import pytest

from kassalink.mplus.simulator import Simulator, SimulatorServer
from kassalink.mplus.simulator.operations import OPERATIONS

from .soap_calls import element, envelope, post, receipts_request, soap_date

pytestmark = pytest.mark.wsdl


def _report_dates():
    return element(
        "dateFilter",
        element("fromFinancialDate", text="2026-03-20"),
        element("throughFinancialDate", text="2026-03-28"),
    )


REQUESTS = {
    "getApiVersion": lambda: element("getApiVersion"),
    "getBranches": lambda: element("getBranches"),
    "getEmployees": lambda: element("getEmployees", element("request")),
    "getAuthorizationGroups": lambda: element("getAuthorizationGroups", element("request")),
    "getEmployeeAuthorizationGroups": lambda: element(
        "getEmployeeAuthorizationGroups", element("request", element("employeeNumber", text=1))
    ),
    "getCostCenters": lambda: element("getCostCenters", element("request")),
    "getTurnoverGroups": lambda: element(
        "getTurnoverGroups", element("request", element("onlyActive", text=True))
    ),
    "getCurrentSyncMarkers": lambda: element("getCurrentSyncMarkers"),
    "getWebhookConsumers": lambda: element(
        "getWebhookConsumers",
        element(
            "request",
            element(
                "workplace",
                element("branchNumber", text=1),
                element("workplaceNumber", text=1),
            ),
        ),
    ),
    "getShifts": lambda: element(
        "getShifts",
        element(
            "request",
            soap_date("fromFinancialDate", 14, 3, 2026),
            soap_date("throughFinancialDate", 28, 3, 2026),
        ),
    ),
    "reportHoursByEmployee": lambda: element(
        "reportHoursByEmployee", element("request", _report_dates())
    ),
    "reportTurnover": lambda: element(
        "reportTurnover", element("request", _report_dates(), element("perHour", text=True))
    ),
    "getReceipts": lambda: receipts_request(syncMarkerLimit=800, includeOrderReferences=True),
    "getOrdersByReceipts": lambda: element(
        "getOrdersByReceipts", element("request", element("syncMarkerLimit", text=300))
    ),
}

RESPONSE_ELEMENTS = {
    "getApiVersion": "getApiVersionResponse",
    "getBranches": "getBranchesResponse",
    "getCurrentSyncMarkers": "getCurrentSyncMarkersResponse",
}


def test_every_operation_has_a_validation_case():
    assert set(REQUESTS) == set(OPERATIONS)


@pytest.mark.parametrize("operation", sorted(REQUESTS))
def test_request_and_response_validate(
    operation: str, shop: Simulator, shop_server: SimulatorServer, mplus_schema
):
    from kassalink.mplus.tests.schema import assert_valid

    if not shop.webhook_consumers:
        shop.add_webhook_consumer(
            "http://127.0.0.1:9/webhook", "sub-1", "c2VjcmV0", patterns=["KL-.*"]
        )
    request = REQUESTS[operation]()
    assert_valid(mplus_schema, operation, request)
    status, body = post(shop_server.url, envelope(request))
    assert status == 200, body[:300]
    name = RESPONSE_ELEMENTS.get(operation, operation[0].upper() + operation[1:] + "Response")
    assert_valid(mplus_schema, name, body)


def test_turnover_per_day_validates(shop_server: SimulatorServer, mplus_schema):
    from kassalink.mplus.tests.schema import assert_valid

    request = element("reportTurnover", element("request", _report_dates()))
    status, body = post(shop_server.url, envelope(request))
    assert status == 200
    assert_valid(mplus_schema, "ReportTurnoverResponse", body)
