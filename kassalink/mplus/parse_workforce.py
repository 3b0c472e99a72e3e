"""Responses about people and their time: employees, authorization groups, cost centers
(and the turnover groups that tie them to branches), shifts (clock times) and the hours
report."""

from __future__ import annotations

from lxml import etree

from . import units
from .envelope import NS
from .errors import MplusProtocolError
from .parse_common import (
    Fields,
    bool_of,
    fields,
    int_of,
    ints_of,
    parse_list,
    required,
    soap_date,
    soap_datetime,
    text_of,
    year_number,
)
from .types import (
    AuthorizationGroup,
    BranchCostCenter,
    CostCenter,
    Employee,
    EmployeeAuthorizationGroup,
    HoursRow,
    Shift,
    TurnoverGroup,
)


def _employee(operation: str, where: str, found: Fields) -> Employee:
    # employeeNumber is optional in the WSDL (the type is also used to create one), but
    # an employee we read without a number is useless to us.
    number = required(operation, where, found, "employeeNumber")
    categories = found.get(NS + "categoryIds")
    return Employee(
        number=int(number.text),
        name=text_of(found.get(NS + "name")) or "",
        sync_marker=int_of(found.get(NS + "syncMarker")),
        active=bool_of(found.get(NS + "active")),
        ext_employee_id=text_of(found.get(NS + "extEmployeeId")),
        person_number=text_of(found.get(NS + "personNumber")),
        email=text_of(found.get(NS + "email")),
        category_ids=() if categories is None else ints_of(list(categories)),
        created_at=soap_datetime(found.get(NS + "createTimestamp")),
        changed_at=soap_datetime(found.get(NS + "changeTimestamp")),
    )


def parse_get_employees(data: bytes) -> list[Employee]:
    return parse_list(
        "getEmployees", "GetEmployeesResponse", "employeeList", "employee", data, _employee
    )


def _authorization_group(operation: str, where: str, found: Fields) -> AuthorizationGroup:
    return AuthorizationGroup(
        number=int(required(operation, where, found, "number").text),
        name=required(operation, where, found, "name").text or "",
    )


def parse_get_authorization_groups(data: bytes) -> list[AuthorizationGroup]:
    return parse_list(
        "getAuthorizationGroups",
        "GetAuthorizationGroupsResponse",
        "groupList",
        "groups",  # sic: the WSDL names each AuthorizationGroup element <groups>
        data,
        _authorization_group,
    )


def _branch_authorization_group(
    operation: str, where: str, found: Fields
) -> EmployeeAuthorizationGroup:
    group = required(operation, where, found, "authorizationGroup")
    return EmployeeAuthorizationGroup(
        branch_number=int(required(operation, where, found, "branchNumber").text),
        group=_authorization_group(operation, where + " authorizationGroup", fields(group)),
    )


def parse_get_employee_authorization_groups(data: bytes) -> list[EmployeeAuthorizationGroup]:
    return parse_list(
        "getEmployeeAuthorizationGroups",
        "GetEmployeeAuthorizationGroupsResponse",
        None,
        "branchAuthorizationGroups",
        data,
        _branch_authorization_group,
    )


def _cost_center(operation: str, where: str, found: Fields) -> CostCenter:
    return CostCenter(
        number=required(operation, where, found, "costCenterNumber").text or "",
        description=text_of(found.get(NS + "description")),
    )


def parse_get_cost_centers(data: bytes) -> list[CostCenter]:
    return parse_list(
        "getCostCenters",
        "GetCostCentersResponse",
        "costCenterList",
        "costCenter",
        data,
        _cost_center,
    )


def _branch_cost_center(operation: str, where: str, found: Fields) -> BranchCostCenter:
    return BranchCostCenter(
        branch_number=int(required(operation, where, found, "branchNumber").text),
        turnover_cost_center_number=text_of(found.get(NS + "turnoverCostCenterNumber")) or None,
    )


def _turnover_group(operation: str, where: str, found: Fields) -> TurnoverGroup:
    per_branch = found.get(NS + "branchCostCenterNumberList")
    entries = [] if per_branch is None else per_branch.iterchildren(NS + "branchCostCenterNumber")
    return TurnoverGroup(
        number=int(required(operation, where, found, "turnoverGroup").text),
        name=required(operation, where, found, "turnoverGroupName").text or "",
        group_type=required(operation, where, found, "turnoverGroupType").text or "",
        # An empty element names no cost center, the same as an absent one.
        default_turnover_cost_center_number=text_of(
            found.get(NS + "defaultTurnoverCostCenterNumber")
        )
        or None,
        turnover_cost_center_number=text_of(found.get(NS + "turnoverCostCenterNumber")) or None,
        branch_cost_centers=tuple(
            _branch_cost_center(operation, f"{where} branchCostCenterNumber #{i + 1}", fields(e))
            for i, e in enumerate(entries)
        ),
    )


def parse_get_turnover_groups(data: bytes) -> list[TurnoverGroup]:
    return parse_list(
        "getTurnoverGroups",
        "GetTurnoverGroupsResponse",
        "turnoverGroupList",
        "turnoverGroup",
        data,
        _turnover_group,
    )


def _shift(operation: str, where: str, found: Fields) -> Shift:
    def need(local: str) -> etree._Element:
        return required(operation, where, found, local)

    start = soap_datetime(need("startTimestamp"))
    if start is None:
        raise MplusProtocolError(f"{operation}: {where} has an empty startTimestamp")
    financial_date = soap_date(need("financialDate"))
    if financial_date is None:
        raise MplusProtocolError(f"{operation}: {where} has an empty financialDate")
    ended = bool(bool_of(need("ended")))
    # An open shift's endTimestamp is all zeros or a placeholder (some send the start
    # again); until `ended`, there is no end.
    end = soap_datetime(need("endTimestamp")) if ended else None
    return Shift(
        shift_number=year_number(need("shiftNumber")),
        branch_number=int(need("branchNumber").text),
        financial_date=financial_date,
        employee_number=int(need("employeeNumber").text),
        start=start,
        end=end,
        ended=ended,
        manually_modified=bool(bool_of(need("manuallyModified"))),
        reference=text_of(found.get(NS + "reference")),
    )


def parse_get_shifts(data: bytes) -> list[Shift]:
    return parse_list("getShifts", "GetShiftsResponse", "shiftList", "shift", data, _shift)


def _hours(operation: str, where: str, found: Fields) -> HoursRow:
    def need(local: str) -> etree._Element:
        return required(operation, where, found, local)

    rate = found.get(NS + "hourlyRate")
    # branchNumbers and references repeat: read them from the element, not the dict.
    element = need("financialDate").getparent()
    return HoursRow(
        financial_date=units.parse_xsd_date(need("financialDate").text),
        employee_number=int(need("employeeNumber").text),
        total_minutes=int(need("totalMinutes").text),
        pause_minutes=int(need("pauzeMinutes").text),
        hourly_rate_cents=None if rate is None else units.cents(rate.text),
        branch_numbers=ints_of(list(element.iterchildren(NS + "branchNumbers"))),
        references=tuple(ref.text or "" for ref in element.iterchildren(NS + "references")),
    )


def parse_report_hours_by_employee(data: bytes) -> list[HoursRow]:
    return parse_list(
        "reportHoursByEmployee",
        "ReportHoursByEmployeeResponse",
        "hoursList",
        "hours",
        data,
        _hours,
    )
