"""Responses about the account's setup: API version, branches, employees, authorization
groups, cost centers, turnover groups, current sync markers and webhook consumers."""

from .catalogue import TURNOVER_GROUPS
from .records import Branch, Employee, WebhookConsumer
from .soap import Fields, response_element
from .soap_time import soap_date, soap_datetime
from .world import API_VERSION, Simulator
from .xml_text import esc, opt

COUNTRY = (
    "<countryCode>528</countryCode><countryIso3>NLD</countryIso3>"
    "<countryName>Nederland</countryName>"
)


def get_api_version(sim: Simulator, request: Fields) -> str:
    major, minor, revision = API_VERSION
    now = sim.catch_up()
    inner = (
        f"<majorNumber>{major}</majorNumber><minorNumber>{minor}</minorNumber>"
        f"<revisionNumber>{revision}</revisionNumber>"
        f"<serviceDate>{soap_date(now.date())}</serviceDate>"
        f"<serviceDateTime>{soap_datetime(now)}</serviceDateTime>"
        "<serviceHostname>kassalink-simulator</serviceHostname>"
        "<inDebugMode>false</inDebugMode>"
        f"<serviceVersionDisplayString>{major}.{minor}.{revision} (simulator)"
        "</serviceVersionDisplayString>"
    )
    return response_element("getApiVersionResponse", inner)


def _branch(branch: Branch) -> str:
    workplaces = "".join(
        f"<workplace><workplaceNumber>{w.number}</workplaceNumber>"
        f"<workplaceName>{esc(w.name)}</workplaceName>"
        f"<isMobile>{'true' if w.workplace_type == 'MOBILE' else 'false'}</isMobile>"
        f"<workplaceType>{w.workplace_type}</workplaceType></workplace>"
        for w in branch.workplaces
    )
    return (
        f"<branch><branchNumber>{branch.number}</branchNumber>"
        f"<branchName>{esc(branch.name)}</branchName>"
        f"<abbreviation>{esc(branch.abbreviation)}</abbreviation>"
        f"<workplaces>{workplaces}</workplaces>{COUNTRY}</branch>"
    )


def get_branches(sim: Simulator, request: Fields) -> str:
    branches = "".join(_branch(b) for b in sim.branches)
    return response_element("getBranchesResponse", f"<branches>{branches}</branches>")


def _employee(employee: Employee) -> str:
    return (
        f"<employee><employeeNumber>{employee.number}</employeeNumber>"
        f"<syncMarker>{employee.sync_marker}</syncMarker>"
        f"<createTimestamp>{soap_datetime(employee.created)}</createTimestamp>"
        f"<changeTimestamp>{soap_datetime(employee.changed)}</changeTimestamp>"
        f"<name>{esc(employee.name)}</name><username>{esc(employee.username)}</username>"
        f"{opt('email', employee.email)}"
        f"<active>{'true' if employee.active else 'false'}</active></employee>"
    )


def get_employees(sim: Simulator, request: Fields) -> str:
    """Paged by sync marker (inclusive: markers >= syncMarker), ascending."""
    fields = request.child("request")
    numbers = set(fields.ints("employeeNumbers"))
    marker = fields.int("syncMarker") or 0
    limit = fields.int("syncMarkerLimit")
    chosen = [
        e for e in sorted(sim.employees, key=lambda e: e.sync_marker)
        if e.sync_marker >= marker and (not numbers or e.number in numbers)
    ]  # fmt: skip
    if limit is not None and limit > 0:
        chosen = chosen[:limit]
    employees = "".join(_employee(e) for e in chosen)
    return response_element("GetEmployeesResponse", f"<employeeList>{employees}</employeeList>")


def _group(sim: Simulator, number: int) -> str:
    group = next(g for g in sim.authorization_groups if g.number == number)
    return (
        f"<number>{group.number}</number><name>{esc(group.name)}</name>"
        f"<rankOrder>{group.rank_order}</rankOrder>"
    )


def get_authorization_groups(sim: Simulator, request: Fields) -> str:
    groups = "".join(f"<groups>{_group(sim, g.number)}</groups>" for g in sim.authorization_groups)
    return response_element("GetAuthorizationGroupsResponse", f"<groupList>{groups}</groupList>")


def get_employee_authorization_groups(sim: Simulator, request: Fields) -> str:
    """An employee's group per branch they work at; nothing for those without a group."""
    number = request.child("request").int("employeeNumber")
    employee = sim.employee(number) if number is not None else None
    inner = ""
    if employee is not None and employee.group_number is not None:
        inner = "".join(
            f"<branchAuthorizationGroups><branchNumber>{branch}</branchNumber>"
            f"<authorizationGroup>{_group(sim, employee.group_number)}</authorizationGroup>"
            "</branchAuthorizationGroups>"
            for branch in employee.branch_numbers
        )
    return response_element("GetEmployeeAuthorizationGroupsResponse", inner)


def get_cost_centers(sim: Simulator, request: Fields) -> str:
    centers = "".join(
        f"<costCenter><costCenterNumber>{esc(c.number)}</costCenterNumber>"
        f"<description>{esc(c.description)}</description></costCenter>"
        for c in sim.cost_centers
    )
    return response_element("GetCostCentersResponse", f"<costCenterList>{centers}</costCenterList>")


def _turnover_group(number: int, name: str, branches: tuple[Branch, ...]) -> str:
    home, *others = branches
    per_branch = "".join(
        f"<branchCostCenterNumber><branchNumber>{b.number}</branchNumber>"
        f"<turnoverCostCenterNumber>{esc(b.turnover_cost_center)}</turnoverCostCenterNumber>"
        "</branchCostCenterNumber>"
        for b in others
    )
    return (
        "<turnoverGroup><turnoverGroupType>TURNOVER-GROUP-TYPE-TURNOVER</turnoverGroupType>"
        f"<turnoverGroup>{number}</turnoverGroup><turnoverGroupName>{esc(name)}</turnoverGroupName>"
        f"<branchCostCenterNumberList>{per_branch}</branchCostCenterNumberList>"
        f"<defaultTurnoverCostCenterNumber>{esc(home.turnover_cost_center)}"
        "</defaultTurnoverCostCenterNumber></turnoverGroup>"
    )


def get_turnover_groups(sim: Simulator, request: Fields) -> str:
    """Every group books a branch's turnover on that branch's cost center, the one its
    receipt lines name (turnoverGroupCostCenter). The first branch has no entry of its
    own: it books on the group's default, as a shop whose default is its main branch.
    All groups are active, so onlyActive changes nothing."""
    groups = "".join(
        _turnover_group(number, name, sim.branches) for number, name in TURNOVER_GROUPS.items()
    )
    return response_element(
        "GetTurnoverGroupsResponse", f"<turnoverGroupList>{groups}</turnoverGroupList>"
    )


def get_current_sync_markers(sim: Simulator, request: Fields) -> str:
    receipts = sim.receipt_sync_marker()
    inner = (
        "<articleSyncMarker>0</articleSyncMarker><relationSyncMarker>0</relationSyncMarker>"
        f"<employeeSyncMarker>{sim.employee_sync_marker()}</employeeSyncMarker>"
        "<invoiceSyncMarker>0</invoiceSyncMarker>"
        f"<receiptSyncMarker>{receipts}</receiptSyncMarker>"
        f"<orderSyncMarker>{receipts}</orderSyncMarker>"
    )
    return response_element("getCurrentSyncMarkersResponse", inner)


def _consumer(consumer: WebhookConsumer, branch: int, workplace: int) -> str:
    events = "".join(
        f"<webhookConsumerEvent><eventName>{esc(e)}</eventName>"
        f"<blocking>{'true' if e in consumer.blocking else 'false'}</blocking>"
        "<enabled>true</enabled></webhookConsumerEvent>"
        for e in consumer.events
    )
    patterns = "".join(
        "<webhookConsumerTriggerPattern><codeType>SCAN-CODE-TYPE-BARCODE</codeType>"
        f"<pattern>{esc(p)}</pattern></webhookConsumerTriggerPattern>"
        for p in consumer.patterns
    )
    return (
        f"<webhookConsumer><webhookConsumerId>{esc(consumer.consumer_id)}</webhookConsumerId>"
        f"<applicationName>{esc(consumer.application_name)}</applicationName>"
        f"<subscriptionId>{esc(consumer.subscription_id)}</subscriptionId>"
        f"<endpointUrl>{esc(consumer.endpoint_url)}</endpointUrl>"
        "<authenticationType>WEBHOOK-AUTHENTICATION-TYPE-TOKEN</authenticationType>"
        "<authenticationScope>workplace</authenticationScope>"
        f"<webhookConsumerEventList>{events}</webhookConsumerEventList>"
        f"<webhookConsumerTriggerPatternList>{patterns}</webhookConsumerTriggerPatternList>"
        "<webhookConsumerWorkplaceList/><webhookConsumerPaymentMethodList/>"
        f"<enabled>{'true' if consumer.enabled else 'false'}</enabled>"
        f"<workplaceKey><branchNumber>{branch}</branchNumber>"
        f"<workplaceNumber>{workplace}</workplaceNumber></workplaceKey></webhookConsumer>"
    )


def get_webhook_consumers(sim: Simulator, request: Fields) -> str:
    """The consumers resolved for the asked workplace (all apply account-wide here)."""
    workplace = request.child("request").child("workplace")
    branch_number = workplace.int("branchNumber") or 1
    workplace_number = workplace.int("workplaceNumber") or 1
    consumers = "".join(
        _consumer(c, branch_number, workplace_number) for c in sim.webhook_consumers
    )
    return response_element(
        "GetWebhookConsumersResponse",
        f"<webhookConsumerList>{consumers}</webhookConsumerList>",
    )
