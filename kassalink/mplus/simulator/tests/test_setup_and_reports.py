"""Employees, groups and the two reports, read the way the sync streams read them."""

from datetime import timedelta

from kassalink.mplus.simulator import Simulator, SimulatorServer

from .conftest import START
from .soap_calls import call, element, find_all, text


def test_employees_page_by_sync_marker(shop: Simulator, shop_server: SimulatorServer):
    def page(marker: int) -> list[str]:
        request = element(
            "getEmployees",
            element(
                "request",
                element("syncMarker", text=marker),
                element("syncMarkerLimit", text=10),
            ),
        )
        response = call(shop_server.url, request)
        return [
            text(e, "m:employeeNumber") for e in find_all(response, "m:employeeList/m:employee")
        ]

    first, second, third = page(0), page(11), page(21)
    assert len(first) == len(second) == 10 and len(third) == len(shop.employees) - 20
    assert len(set(first + second + third)) == len(shop.employees)


def test_employees_without_a_group_get_none(shop: Simulator, shop_server: SimulatorServer):
    def groups(number: int) -> list:
        request = element(
            "getEmployeeAuthorizationGroups",
            element("request", element("employeeNumber", text=number)),
        )
        return find_all(call(shop_server.url, request), "m:branchAuthorizationGroups")

    loner = next(e for e in shop.employees if e.group_number is None)
    member = next(e for e in shop.employees if e.group_number is not None)
    assert groups(loner.number) == []
    assert len(groups(member.number)) == len(member.branch_numbers)


def _turnover(server: SimulatorServer, day: str, per_hour: bool, branch: int | None = None):
    parts = [
        element(
            "dateFilter",
            element("fromFinancialDate", text=day),
            element("throughFinancialDate", text=day),
        )
    ]
    if branch:
        parts.append(element("branchFilter", element("branchNumbers", text=branch)))
    parts.append(element("perHour", text=per_hour))
    response = call(server.url, element("reportTurnover", element("request", *parts)))
    return find_all(response, "m:turnoverList/m:turnover")


def test_turnover_matches_the_receipts(shop: Simulator, shop_server: SimulatorServer):
    day = (START - timedelta(days=1)).date()
    (total,) = _turnover(shop_server, day.isoformat(), False, branch=1)
    receipts = [
        r for r in shop.receipts_from(0) if r.financial_date == day and r.branch_number == 1
    ]
    assert int(text(total, "m:totalInclAmount")) == sum(r.total_incl for r in receipts)
    assert int(text(total, "m:count")) == sum(1 for r in receipts if not r.is_credit)
    hours = _turnover(shop_server, day.isoformat(), True, branch=1)
    assert len(hours) > 8
    assert sum(int(text(h, "m:totalInclAmount")) for h in hours) == int(
        text(total, "m:totalInclAmount")
    )


def test_hours_by_employee_count_ended_shifts(shop: Simulator, shop_server: SimulatorServer):
    day = (START - timedelta(days=2)).date()
    request = element(
        "reportHoursByEmployee",
        element(
            "request",
            element(
                "dateFilter",
                element("fromFinancialDate", text=day.isoformat()),
                element("throughFinancialDate", text=day.isoformat()),
            ),
        ),
    )
    rows = find_all(call(shop_server.url, request), "m:hoursList/m:hours")
    shifts = [s for s in shop.shifts(day, day) if s.ended]
    assert {int(text(r, "m:employeeNumber")) for r in rows} == {s.employee_number for s in shifts}
    minutes = sum(int(text(r, "m:totalMinutes")) for r in rows)
    expected = sum((s.end - s.start).total_seconds() for s in shifts) / 60
    assert abs(minutes - expected) <= len(rows)  # whole minutes per row
    assert any(int(text(r, "m:pauzeMinutes")) > 0 for r in rows)


def test_turnover_groups_book_each_branch_on_the_cost_center_its_lines_name(
    shop: Simulator, shop_server: SimulatorServer
):
    request = element("getTurnoverGroups", element("request"))
    groups = find_all(call(shop_server.url, request), "m:turnoverGroupList/m:turnoverGroup")
    assert groups

    def booked_on(group, branch: int) -> str:
        for entry in find_all(group, "m:branchCostCenterNumberList/m:branchCostCenterNumber"):
            if int(text(entry, "m:branchNumber")) == branch:
                return text(entry, "m:turnoverCostCenterNumber")
        return text(group, "m:defaultTurnoverCostCenterNumber")

    on_lines = {
        (r.branch_number, line.article.turnover_group): line.cost_center
        for r in shop.receipts_from(0)
        for line in r.lines
    }
    assert len({branch for branch, _group in on_lines}) == len(shop.branches)
    by_number = {int(text(g, "m:turnoverGroup")): g for g in groups}
    for (branch, group), cost_center in on_lines.items():
        assert booked_on(by_number[group], branch) == cost_center
    # Only the first branch falls back to the default; the others have their own entry.
    first = shop.branches[0].number
    entries = find_all(groups[0], "m:branchCostCenterNumberList/m:branchCostCenterNumber")
    assert {int(text(e, "m:branchNumber")) for e in entries} == {
        b.number for b in shop.branches if b.number != first
    }
