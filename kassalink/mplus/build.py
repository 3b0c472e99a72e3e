"""Request elements for the operations we use, in the exact element order of the WSDL
(elementFormDefault=qualified: every element in urn:mplusqapi). Checked against the
official schema by tests/test_wsdl_requests.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from lxml import etree

from . import units
from .envelope import NS

_NSMAP = {None: NS[1:-1]}


def _root(operation: str) -> etree._Element:
    return etree.Element(NS + operation, nsmap=_NSMAP)


def _add(parent: etree._Element, local: str, value: object = None) -> etree._Element:
    element = etree.SubElement(parent, NS + local)
    if value is not None:
        element.text = _text(value)
    return element


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _add_optional(parent: etree._Element, local: str, value: object) -> None:
    if value is not None:
        _add(parent, local, value)


def _add_each(parent: etree._Element, local: str, values: Iterable[object]) -> None:
    for value in values:
        _add(parent, local, value)


def _add_date(parent: etree._Element, local: str, value: dt.date) -> None:
    element = _add(parent, local)
    day, mon, year = units.date_to_parts(value)
    _add(element, "day", day)
    _add(element, "mon", mon)
    _add(element, "year", year)


def _add_date_optional(parent: etree._Element, local: str, value: dt.date | None) -> None:
    if value is not None:
        _add_date(parent, local, value)


def _request(operation: str) -> tuple[etree._Element, etree._Element]:
    root = _root(operation)
    return root, _add(root, "request")


# --- operations without arguments ----------------------------------------------------


def get_api_version() -> etree._Element:
    return _root("getApiVersion")


def get_branches() -> etree._Element:
    return _root("getBranches")


def get_current_sync_markers() -> etree._Element:
    return _root("getCurrentSyncMarkers")


def get_authorization_groups() -> etree._Element:
    root, _request_el = _request("getAuthorizationGroups")  # an empty, required <request/>
    return root


def get_cost_centers() -> etree._Element:
    root, _request_el = _request("getCostCenters")
    return root


def get_turnover_groups(only_active: bool | None = None) -> etree._Element:
    root, request = _request("getTurnoverGroups")
    _add_optional(request, "onlyActive", only_active)
    return root


# --- workforce -----------------------------------------------------------------------


def get_employees(
    employee_numbers: Iterable[int] = (),
    sync_marker: int | None = None,
    sync_marker_limit: int | None = None,
) -> etree._Element:
    root, request = _request("getEmployees")
    _add_each(request, "employeeNumbers", employee_numbers)
    _add_optional(request, "syncMarker", sync_marker)
    _add_optional(request, "syncMarkerLimit", sync_marker_limit)
    return root


def get_employee_authorization_groups(
    employee_number: int, separate_branches_and_branch_groups: bool | None = None
) -> etree._Element:
    root, request = _request("getEmployeeAuthorizationGroups")
    _add(request, "employeeNumber", employee_number)
    _add_optional(request, "separateBranchesAndBranchGroups", separate_branches_and_branch_groups)
    return root


def get_shifts(
    from_date: dt.date,
    through_date: dt.date,
    branch_numbers: Iterable[int] = (),
    employee_numbers: Iterable[int] = (),
) -> etree._Element:
    root, request = _request("getShifts")
    _add_each(request, "branchNumbers", branch_numbers)
    _add_each(request, "employeeNumbers", employee_numbers)
    _add_date(request, "fromFinancialDate", from_date)
    _add_date(request, "throughFinancialDate", through_date)
    return root


def report_hours_by_employee(
    from_date: dt.date,
    through_date: dt.date,
    branch_numbers: Iterable[int] = (),
    employee_numbers: Iterable[int] = (),
) -> etree._Element:
    root, request = _request("reportHoursByEmployee")
    _add_report_dates(request, from_date, through_date)
    branch_numbers, employee_numbers = list(branch_numbers), list(employee_numbers)
    if branch_numbers:
        _add_each(_add(request, "branchFilter"), "branchNumbers", branch_numbers)
    if employee_numbers:
        _add_each(_add(request, "employeeFilter"), "employeeNumbers", employee_numbers)
    return root


# --- receipts, orders, turnover ------------------------------------------------------


def get_receipts(
    sync_marker: int | None = None,
    sync_marker_limit: int | None = None,
    from_financial_date: dt.date | None = None,
    through_financial_date: dt.date | None = None,
    branch_numbers: Iterable[int] = (),
    employee_numbers: Iterable[int] = (),
    relation_numbers: Iterable[int] = (),
    receipt_ids: Iterable[str] = (),
    include_order_references: bool | None = None,
    include_line_list: bool | None = None,
) -> etree._Element:
    root, request = _request("getReceipts")
    _add_optional(request, "syncMarker", sync_marker)
    _add_optional(request, "syncMarkerLimit", sync_marker_limit)
    _add_date_optional(request, "fromFinancialDate", from_financial_date)
    _add_date_optional(request, "throughFinancialDate", through_financial_date)
    _add_each(request, "branchNumbers", branch_numbers)
    _add_each(request, "employeeNumbers", employee_numbers)
    _add_each(request, "relationNumbers", relation_numbers)
    # articlePluNumbers and articleBarcodes are required (minOccurs=1) TextLists:
    # sent empty, they filter nothing.
    _add(request, "articlePluNumbers")
    _add(request, "articleBarcodes")
    _add_optional(request, "includeOrderReferences", include_order_references)
    _add_each(request, "receiptIds", receipt_ids)
    _add_optional(request, "includeLineList", include_line_list)
    return root


def get_orders_by_receipts(
    receipt_ids: Iterable[str],
    sync_marker: int | None = None,
    sync_marker_limit: int | None = None,
) -> etree._Element:
    root, request = _request("getOrdersByReceipts")
    _add_optional(request, "syncMarker", sync_marker)
    _add_optional(request, "syncMarkerLimit", sync_marker_limit)
    _add_each(_add(request, "receiptIds"), "id", receipt_ids)
    return root


def report_turnover(
    from_date: dt.date,
    through_date: dt.date,
    branch_numbers: Iterable[int] = (),
    per_hour: bool = False,
) -> etree._Element:
    root, request = _request("reportTurnover")
    _add_report_dates(request, from_date, through_date)
    branch_numbers = list(branch_numbers)
    if branch_numbers:
        _add_each(_add(request, "branchFilter"), "branchNumbers", branch_numbers)
    _add(request, "perHour", per_hour)
    return root


def get_webhook_consumers(branch_number: int, workplace_number: int) -> etree._Element:
    root, request = _request("getWebhookConsumers")
    workplace = _add(request, "workplace")
    _add(workplace, "branchNumber", branch_number)
    _add(workplace, "workplaceNumber", workplace_number)
    return root


def _add_report_dates(request: etree._Element, from_date: dt.date, through_date: dt.date) -> None:
    # The report calls use plain xsd:date, not SoapMplusDate.
    date_filter = _add(request, "dateFilter")
    _add(date_filter, "fromFinancialDate", units.xsd_date(from_date))
    _add(date_filter, "throughFinancialDate", units.xsd_date(through_date))
