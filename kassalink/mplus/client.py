"""MplusClient: one method per MplusKASSA operation we use, each one call returning one
page of typed values, plus iterators that follow sync markers to the end."""

from __future__ import annotations

import datetime as dt
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from lxml import etree

from . import build, parse_account, parse_receipts, parse_workforce
from .envelope import envelope
from .errors import MplusError, MplusFault
from .transport import DEFAULT_DEADLINE, DEFAULT_MAX_ANSWER_BYTES, Transport
from .types import (
    ApiVersion,
    AuthorizationGroup,
    Branch,
    CostCenter,
    Employee,
    EmployeeAuthorizationGroup,
    HoursRow,
    Order,
    Receipt,
    Shift,
    SyncMarkers,
    TurnoverGroup,
    TurnoverRow,
    WebhookConsumer,
)

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 1000


class MplusClient:
    """A client for one MplusKASSA account (host + port + ident/secret).

    Every call is bounded: `timeout` seconds between bytes, `deadline` seconds for the
    whole call (retries included), `max_answer_bytes` for the answer.

    >>> client = MplusClient(host="api.mpluskassa.nl", port=44123, ident="...", secret="...")
    >>> client.get_api_version()
    """

    def __init__(
        self,
        host: str = "api.mpluskassa.nl",
        port: int = 443,
        ident: str = "",
        secret: str = "",
        scheme: str = "https",
        timeout: float = 30.0,
        retries: int = 3,
        *,
        deadline: float = DEFAULT_DEADLINE,
        max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.host, self.port = host, int(port)
        self._transport = Transport(
            host,
            port,
            ident,
            secret,
            scheme=scheme,
            timeout=timeout,
            retries=retries,
            deadline=deadline,
            max_answer_bytes=max_answer_bytes,
            sleep=sleep,
            ssl_context=ssl_context,
        )

    def __repr__(self) -> str:
        return f"MplusClient(host={self.host!r}, port={self.port})"

    def _call(self, request: etree._Element, parse: Callable[[bytes], T]) -> T:
        operation = etree.QName(request).localname
        data = self._transport.post(operation, envelope(request))
        try:
            return parse(data)
        except MplusFault as exc:
            # A fault's text comes from the server, which may echo what we sent.
            scrub = self._transport.scrub
            raise MplusFault(exc.operation, scrub(exc.code), scrub(exc.text)) from None
        except MplusError as exc:
            raise type(exc)(self._transport.scrub(str(exc))) from None

    # --- account -------------------------------------------------------------------

    def get_api_version(self) -> ApiVersion:
        return self._call(build.get_api_version(), parse_account.parse_get_api_version)

    def get_branches(self) -> list[Branch]:
        return self._call(build.get_branches(), parse_account.parse_get_branches)

    def get_current_sync_markers(self) -> SyncMarkers:
        return self._call(
            build.get_current_sync_markers(), parse_account.parse_get_current_sync_markers
        )

    def get_webhook_consumers(
        self, branch_number: int, workplace_number: int
    ) -> list[WebhookConsumer]:
        """The consumers as resolved for one workplace (the WSDL requires one)."""
        return self._call(
            build.get_webhook_consumers(branch_number, workplace_number),
            parse_account.parse_get_webhook_consumers,
        )

    # --- workforce -----------------------------------------------------------------

    def get_employees(
        self,
        sync_marker: int | None = None,
        sync_marker_limit: int | None = None,
        employee_numbers: Iterable[int] = (),
    ) -> list[Employee]:
        return self._call(
            build.get_employees(employee_numbers, sync_marker, sync_marker_limit),
            parse_workforce.parse_get_employees,
        )

    def get_authorization_groups(self) -> list[AuthorizationGroup]:
        return self._call(
            build.get_authorization_groups(), parse_workforce.parse_get_authorization_groups
        )

    def get_employee_authorization_groups(
        self, employee_number: int
    ) -> list[EmployeeAuthorizationGroup]:
        """Per branch, the authorization group of one employee (none: not shown in mapping)."""
        return self._call(
            build.get_employee_authorization_groups(employee_number),
            parse_workforce.parse_get_employee_authorization_groups,
        )

    def get_cost_centers(self) -> list[CostCenter]:
        return self._call(build.get_cost_centers(), parse_workforce.parse_get_cost_centers)

    def get_turnover_groups(self, only_active: bool | None = None) -> list[TurnoverGroup]:
        """Turnover groups with their cost centers per branch: the only place the API
        links a branch to a cost center."""
        return self._call(
            build.get_turnover_groups(only_active), parse_workforce.parse_get_turnover_groups
        )

    def get_shifts(
        self,
        from_date: dt.date,
        through_date: dt.date,
        branch_numbers: Iterable[int] = (),
        employee_numbers: Iterable[int] = (),
    ) -> list[Shift]:
        """Clock-in/clock-out pairs by financial date, both dates included."""
        return self._call(
            build.get_shifts(from_date, through_date, branch_numbers, employee_numbers),
            parse_workforce.parse_get_shifts,
        )

    def report_hours_by_employee(
        self,
        from_date: dt.date,
        through_date: dt.date,
        branch_numbers: Iterable[int] = (),
        employee_numbers: Iterable[int] = (),
    ) -> list[HoursRow]:
        return self._call(
            build.report_hours_by_employee(
                from_date, through_date, branch_numbers, employee_numbers
            ),
            parse_workforce.parse_report_hours_by_employee,
        )

    # --- receipts and turnover -----------------------------------------------------

    def get_receipts(
        self,
        sync_marker: int | None = None,
        sync_marker_limit: int | None = None,
        from_financial_date: dt.date | None = None,
        through_financial_date: dt.date | None = None,
        branch_numbers: Iterable[int] = (),
        employee_numbers: Iterable[int] = (),
        receipt_ids: Iterable[str] = (),
        include_order_references: bool | None = None,
        include_line_list: bool | None = None,
    ) -> list[Receipt]:
        return self._call(
            build.get_receipts(
                sync_marker=sync_marker,
                sync_marker_limit=sync_marker_limit,
                from_financial_date=from_financial_date,
                through_financial_date=through_financial_date,
                branch_numbers=branch_numbers,
                employee_numbers=employee_numbers,
                receipt_ids=receipt_ids,
                include_order_references=include_order_references,
                include_line_list=include_line_list,
            ),
            parse_receipts.parse_get_receipts,
        )

    def get_orders_by_receipts(
        self,
        receipt_ids: Iterable[str],
        sync_marker: int | None = None,
        sync_marker_limit: int | None = None,
    ) -> list[Order]:
        return self._call(
            build.get_orders_by_receipts(receipt_ids, sync_marker, sync_marker_limit),
            parse_receipts.parse_get_orders_by_receipts,
        )

    def report_turnover(
        self,
        from_date: dt.date,
        through_date: dt.date,
        branch_numbers: Iterable[int] = (),
        per_hour: bool = False,
    ) -> list[TurnoverRow]:
        return self._call(
            build.report_turnover(from_date, through_date, branch_numbers, per_hour),
            parse_account.parse_report_turnover,
        )

    # --- following sync markers ----------------------------------------------------

    def iter_receipts(
        self,
        sync_marker: int = 0,
        page_size: int = DEFAULT_PAGE_SIZE,
        branch_numbers: Iterable[int] = (),
        include_order_references: bool | None = None,
        include_line_list: bool | None = None,
    ) -> Iterator[Receipt]:
        """Every receipt added or changed since `sync_marker`, page by page, in the
        order the API gives them. Save a receipt's sync_marker with the row it became."""
        branch_numbers = tuple(branch_numbers)

        def page(marker: int) -> list[Receipt]:
            return self.get_receipts(
                sync_marker=marker,
                sync_marker_limit=page_size,
                branch_numbers=branch_numbers,
                include_order_references=include_order_references,
                include_line_list=include_line_list,
            )

        return follow_sync_markers(page, sync_marker, page_size, lambda r: r.sync_marker)

    def iter_employees(
        self, sync_marker: int = 0, page_size: int = DEFAULT_PAGE_SIZE
    ) -> Iterator[Employee]:
        def page(marker: int) -> list[Employee]:
            return self.get_employees(sync_marker=marker, sync_marker_limit=page_size)

        return follow_sync_markers(page, sync_marker, page_size, lambda e: e.sync_marker)


def follow_sync_markers(
    fetch_page: Callable[[int], list[T]],
    sync_marker: int,
    page_size: int,
    marker_of: Callable[[T], int | None],
) -> Iterator[T]:
    """Ask again from the highest syncMarker seen until a short page or nothing new.

    The WSDL says "added or changed from this syncMarker" without saying whether the
    marker itself is included (the simulator includes it). Asking from the highest
    seen and dropping what is not above it is right either way and never skips the
    object with marker + 1. A full page with nothing new can only be an inclusive
    server repeating what we have (page_size 1): then, and only then, step past it.
    """
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    highest = ask = sync_marker
    while True:
        page = fetch_page(ask)
        fresh = [item for item in page if (marker_of(item) or 0) > highest]
        yield from fresh
        if len(page) < page_size:
            return
        if fresh:
            highest = ask = max(marker_of(item) or 0 for item in fresh)
        elif ask == highest:
            ask = highest + 1
        else:
            return
