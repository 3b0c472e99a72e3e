"""Responses about the account itself: API version, branches with workplaces, current
sync markers, webhook consumers and the turnover report."""

from __future__ import annotations

from lxml import etree

from . import units
from .envelope import NS, open_response
from .errors import MplusProtocolError
from .parse_common import (
    Fields,
    bool_of,
    fields,
    int_of,
    parse_list,
    required,
    soap_datetime,
    text_of,
)
from .types import (
    ApiVersion,
    Branch,
    SyncMarkers,
    TurnoverRow,
    WebhookConsumer,
    WebhookEvent,
    WebhookTriggerPattern,
    Workplace,
)


def _whole(operation: str, response_name: str, data: bytes) -> tuple[Fields, str]:
    return fields(open_response(operation, response_name, data)), f"<{response_name}>"


def parse_get_api_version(data: bytes) -> ApiVersion:
    operation = "getApiVersion"
    found, where = _whole(operation, "getApiVersionResponse", data)
    try:
        return ApiVersion(
            major=int(required(operation, where, found, "majorNumber").text),
            minor=int(required(operation, where, found, "minorNumber").text),
            revision=int(required(operation, where, found, "revisionNumber").text),
            in_debug_mode=bool(bool_of(required(operation, where, found, "inDebugMode"))),
            display=text_of(found.get(NS + "serviceVersionDisplayString")),
            server_time=soap_datetime(found.get(NS + "serverDateTime")),
        )
    except (ValueError, TypeError, OverflowError) as exc:
        raise MplusProtocolError(f"{operation}: a value we cannot read: {exc}") from None


def _workplace(operation: str, where: str, found: Fields) -> Workplace:
    return Workplace(
        number=int(required(operation, where, found, "workplaceNumber").text),
        name=required(operation, where, found, "workplaceName").text or "",
        workplace_type=text_of(found.get(NS + "workplaceType")),
    )


def _branch(operation: str, where: str, found: Fields) -> Branch:
    workplaces = found.get(NS + "workplaces")
    return Branch(
        number=int(required(operation, where, found, "branchNumber").text),
        name=required(operation, where, found, "branchName").text or "",
        abbreviation=required(operation, where, found, "abbreviation").text or "",
        country_iso3=required(operation, where, found, "countryIso3").text or "",
        relation_number=int_of(found.get(NS + "relationNumber")),
        ext_branch_id=text_of(found.get(NS + "extBranchId")),
        workplaces=()
        if workplaces is None
        else tuple(
            _workplace(operation, f"{where} workplace #{i + 1}", fields(w))
            for i, w in enumerate(workplaces.iterchildren(NS + "workplace"))
        ),
    )


def parse_get_branches(data: bytes) -> list[Branch]:
    # Note the lower-case response element: getBranchesResponse.
    return parse_list("getBranches", "getBranchesResponse", "branches", "branch", data, _branch)


def parse_get_current_sync_markers(data: bytes) -> SyncMarkers:
    operation = "getCurrentSyncMarkers"
    found, where = _whole(operation, "getCurrentSyncMarkersResponse", data)

    def marker(local: str) -> int:
        return int(required(operation, where, found, local).text)

    try:
        return SyncMarkers(
            article=marker("articleSyncMarker"),
            relation=marker("relationSyncMarker"),
            employee=marker("employeeSyncMarker"),
            invoice=marker("invoiceSyncMarker"),
            receipt=marker("receiptSyncMarker"),
            order=marker("orderSyncMarker"),
        )
    except (ValueError, TypeError, OverflowError) as exc:
        raise MplusProtocolError(f"{operation}: a value we cannot read: {exc}") from None


def _children(element: etree._Element | None, local: str) -> list[Fields]:
    if element is None:
        return []
    return [fields(child) for child in element.iterchildren(NS + local)]


def _webhook_consumer(operation: str, where: str, found: Fields) -> WebhookConsumer:
    def need(local: str) -> str:
        return required(operation, where, found, local).text or ""

    workplace = fields(required(operation, where, found, "workplaceKey"))
    events = _children(found.get(NS + "webhookConsumerEventList"), "webhookConsumerEvent")
    patterns = _children(
        found.get(NS + "webhookConsumerTriggerPatternList"), "webhookConsumerTriggerPattern"
    )
    return WebhookConsumer(
        consumer_id=need("webhookConsumerId"),
        application_name=need("applicationName"),
        subscription_id=need("subscriptionId"),
        endpoint_url=need("endpointUrl"),
        authentication_type=need("authenticationType"),
        authentication_scope=need("authenticationScope"),
        enabled=bool(bool_of(required(operation, where, found, "enabled"))),
        workplace=(
            int(required(operation, where, workplace, "branchNumber").text),
            int(required(operation, where, workplace, "workplaceNumber").text),
        ),
        events=tuple(
            WebhookEvent(
                name=required(operation, where, event, "eventName").text or "",
                blocking=bool(bool_of(required(operation, where, event, "blocking"))),
                enabled=bool(bool_of(required(operation, where, event, "enabled"))),
            )
            for event in events
        ),
        trigger_patterns=tuple(
            WebhookTriggerPattern(
                code_type=required(operation, where, pattern, "codeType").text or "",
                pattern=required(operation, where, pattern, "pattern").text or "",
                reject=bool(bool_of(pattern.get(NS + "reject"))),
            )
            for pattern in patterns
        ),
        company_name=text_of(found.get(NS + "companyName")),
        sync_marker=int_of(found.get(NS + "syncMarker")),
    )


def parse_get_webhook_consumers(data: bytes) -> list[WebhookConsumer]:
    return parse_list(
        "getWebhookConsumers",
        "GetWebhookConsumersResponse",
        "webhookConsumerList",
        "webhookConsumer",
        data,
        _webhook_consumer,
    )


def _turnover(operation: str, where: str, found: Fields) -> TurnoverRow:
    def need(local: str) -> str:
        return required(operation, where, found, local).text or ""

    at = found.get(NS + "dateTime")
    return TurnoverRow(
        financial_date=units.parse_xsd_date(need("financialDate")),
        at=None if at is None else units.parse_xsd_datetime(at.text or ""),
        source=need("source"),
        count=int(need("count")),  # xsd:string in the WSDL, a whole number in practice
        total_incl_cents=units.cents(need("totalInclAmount")),
        total_excl_cents=units.cents(need("totalExclAmount")),
        credited_incl_cents=units.cents(need("creditedInclAmount")),
        credited_excl_cents=units.cents(need("creditedExclAmount")),
        credited_count=int(need("creditedCount")),
        turnover_group_type=text_of(found.get(NS + "turnoverGroupType")),
    )


def parse_report_turnover(data: bytes) -> list[TurnoverRow]:
    return parse_list(
        "reportTurnover",
        "ReportTurnoverResponse",
        "turnoverList",
        "turnover",
        data,
        _turnover,
    )
