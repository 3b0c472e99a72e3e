"""Which SOAP operations the simulator answers, and the handler of each."""

from collections.abc import Callable

from . import responses_receipts, responses_reports, responses_setup, responses_shifts
from .soap import Fields, SoapFault, read_operation
from .world import Simulator

Handler = Callable[[Simulator, Fields], str | bytes]

OPERATIONS: dict[str, Handler] = {
    "getApiVersion": responses_setup.get_api_version,
    "getBranches": responses_setup.get_branches,
    "getEmployees": responses_setup.get_employees,
    "getAuthorizationGroups": responses_setup.get_authorization_groups,
    "getEmployeeAuthorizationGroups": responses_setup.get_employee_authorization_groups,
    "getCostCenters": responses_setup.get_cost_centers,
    "getTurnoverGroups": responses_setup.get_turnover_groups,
    "getCurrentSyncMarkers": responses_setup.get_current_sync_markers,
    "getWebhookConsumers": responses_setup.get_webhook_consumers,
    "getShifts": responses_shifts.get_shifts,
    "reportHoursByEmployee": responses_shifts.report_hours_by_employee,
    "getReceipts": responses_receipts.get_receipts,
    "getOrdersByReceipts": responses_receipts.get_orders_by_receipts,
    "reportTurnover": responses_reports.report_turnover,
}


def operation_name(body: bytes) -> str:
    """The requested operation's name; raises SoapFault(Client) for a malformed request."""
    from lxml import etree

    return etree.QName(read_operation(body)).localname


def answer(sim: Simulator, body: bytes) -> str | bytes:
    """The response element (XML text, or UTF-8 for the large answers) for a request
    body; raises SoapFault."""
    from lxml import etree

    element = read_operation(body)
    name = etree.QName(element).localname
    handler = OPERATIONS.get(name)
    if handler is None:
        raise SoapFault("Client", f"operation {name!r} is not supported by this simulator")
    return handler(sim, Fields(element))
