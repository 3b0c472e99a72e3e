"""Typed values the MplusKASSA client returns: immutable, named after the WSDL's types,
money in integer cents, quantities and percentages as Decimal, aware datetimes.

Most are frozen dataclasses. Receipt and what it holds (Line, Payment, VatGroup) are
NamedTuples: a getReceipts page builds tens of thousands of them, and a NamedTuple is
built about five times faster than a frozen dataclass (whose __init__ sets each field
through object.__setattr__). They read the same (attributes, equality, hashing); to
change a field use ``value._replace(...)``."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple


class ReceiptType(enum.StrEnum):
    RECEIPT = "RECEIPT-TYPE-RECEIPT"
    CREDIT_RECEIPT = "RECEIPT-TYPE-CREDIT-RECEIPT"
    CASH_INFLOW = "RECEIPT-TYPE-CASH-INFLOW"
    CASH_OUTFLOW = "RECEIPT-TYPE-CASH-OUTFLOW"
    PAYMENT_METHOD_TRANSFER = "RECEIPT-TYPE-PAYMENT-METHOD-TRANSFER"


class ReceiptState(enum.StrEnum):
    OUTSTANDING = "RECEIPT-STATE-OUTSTANDING"
    PARTLY_PAID = "RECEIPT-STATE-PARTLY-PAID"
    PAID = "RECEIPT-STATE-PAID"
    HANDLED = "RECEIPT-STATE-HANDLED"
    OUTSTANDING_CREDIT = "RECEIPT-STATE-OUTSTANDING-CREDIT"


class VatMethod(enum.StrEnum):
    INCLUSIVE = "VAT-METHOD-INCLUSIVE"
    EXCLUSIVE = "VAT-METHOD-EXCLUSIVE"
    SHIFTED = "VAT-METHOD-SHIFTED"
    NONE = "VAT-METHOD-NONE"


@dataclass(frozen=True, slots=True)
class ApiVersion:
    major: int
    minor: int
    revision: int
    in_debug_mode: bool
    display: str | None = None  # serviceVersionDisplayString
    server_time: dt.datetime | None = None

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.revision}"


@dataclass(frozen=True, slots=True)
class Workplace:
    number: int
    name: str
    workplace_type: str | None = None


@dataclass(frozen=True, slots=True)
class Branch:
    number: int
    name: str
    abbreviation: str
    country_iso3: str
    relation_number: int | None = None
    ext_branch_id: str | None = None
    workplaces: tuple[Workplace, ...] = ()


@dataclass(frozen=True, slots=True)
class Employee:
    """An employee, without the password and private phone numbers the API also offers."""

    number: int
    name: str
    sync_marker: int | None = None
    active: bool | None = None
    ext_employee_id: str | None = None
    person_number: str | None = None
    email: str | None = None
    category_ids: tuple[int, ...] = ()
    created_at: dt.datetime | None = None
    changed_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class AuthorizationGroup:
    number: int
    name: str


@dataclass(frozen=True, slots=True)
class EmployeeAuthorizationGroup:
    """The group an employee has on one branch (BranchAuthorizationGroup in the WSDL)."""

    branch_number: int
    group: AuthorizationGroup


@dataclass(frozen=True, slots=True)
class CostCenter:
    number: str  # costCenterNumber is xsd:string
    description: str | None = None


@dataclass(frozen=True, slots=True)
class BranchCostCenter:
    """One branch's own cost center for a turnover group (BranchCostCenterNumber)."""

    branch_number: int
    turnover_cost_center_number: str | None = None


@dataclass(frozen=True, slots=True)
class TurnoverGroup:
    """A turnover group (omzetgroep) with the cost centers its turnover is booked on: per
    branch in `branch_cost_centers`, else the group's own or the default one."""

    number: int  # turnoverGroup
    name: str
    group_type: str  # TURNOVER-GROUP-TYPE-TURNOVER, -PAYMENT, ...
    default_turnover_cost_center_number: str | None = None
    turnover_cost_center_number: str | None = None
    branch_cost_centers: tuple[BranchCostCenter, ...] = ()


@dataclass(frozen=True, slots=True)
class Shift:
    """One clock-in/clock-out. An open shift (ended=False) always has end=None."""

    shift_number: tuple[int, int]  # (year, number)
    branch_number: int
    financial_date: dt.date
    employee_number: int
    start: dt.datetime
    end: dt.datetime | None
    ended: bool
    manually_modified: bool
    reference: str | None = None


class Line(NamedTuple):
    article_number: int
    description: str | None  # the line's `text`
    quantity: Decimal
    price_cents: int | None  # unit price as the POS shows it (incl. VAT for inclusive)
    price_excl_cents: int | None
    total_incl_cents: int | None
    total_excl_cents: int | None
    vat_code: int | None
    vat_percentage: Decimal | None
    discount_percentage: Decimal | None = None
    discount_cents: int | None = None
    line_id: str | None = None
    plu_number: str | None = None
    turnover_group: int | None = None
    employee_number: int | None = None


class Payment(NamedTuple):
    method: str
    amount_cents: int
    description: str | None = None
    payment_id: str | None = None
    method_type: str | None = None


class VatGroup(NamedTuple):
    """The POS's own VAT breakdown; use these amounts, never recompute them."""

    vat_code: int
    percentage: Decimal
    excl_amount_cents: int | None
    vat_amount_cents: int | None


class Receipt(NamedTuple):
    receipt_id: str
    transaction_string: str | None
    sync_marker: int | None
    receipt_number: tuple[int, int, int, int] | None  # (branch, workplace, year, number)
    receipt_type: ReceiptType
    state: ReceiptState
    vat_method: VatMethod
    employee_number: int
    employee_name: str
    entry_timestamp: dt.datetime | None
    relation_number: int | None
    financial_date: dt.date | None
    branch_number: int  # financialBranchNumber: where turnover is booked
    workplace_number: int
    total_incl_cents: int
    total_excl_cents: int
    paid_cents: int
    lines: tuple[Line, ...] = ()
    payments: tuple[Payment, ...] = ()
    vat_groups: tuple[VatGroup, ...] = ()
    credited_receipt_id: str | None = None  # set on a credit receipt: the one it returns
    order_ids: tuple[str, ...] = ()  # the order(s) it settles; orders carry the webhook session
    relation_name: str | None = None
    reference: str | None = None
    receipt_barcode: str | None = None


@dataclass(frozen=True, slots=True)
class Order:
    """Only what ties a receipt to a POS webhook session (a scanned customer code)."""

    order_id: str
    webhook_session_id: str | None
    transaction_string: str | None = None
    sync_marker: int | None = None
    financial_date: dt.date | None = None
    total_incl_cents: int | None = None


@dataclass(frozen=True, slots=True)
class TurnoverRow:
    """One ReportTurnover row: a day (or an hour of it, with per_hour) and a source."""

    financial_date: dt.date
    at: dt.datetime | None  # the hour's start when asked per hour
    source: str  # REPORT-TURNOVER-SOURCE-RECEIPT, -INVOICE, ...
    count: int
    total_incl_cents: int
    total_excl_cents: int
    credited_incl_cents: int
    credited_excl_cents: int
    credited_count: int
    turnover_group_type: str | None = None


@dataclass(frozen=True, slots=True)
class HoursRow:
    financial_date: dt.date
    employee_number: int
    total_minutes: int
    pause_minutes: int
    hourly_rate_cents: int | None = None
    branch_numbers: tuple[int, ...] = ()
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SyncMarkers:
    article: int
    relation: int
    employee: int
    invoice: int
    receipt: int
    order: int


@dataclass(frozen=True, slots=True)
class WebhookEvent:
    name: str
    blocking: bool
    enabled: bool


@dataclass(frozen=True, slots=True)
class WebhookTriggerPattern:
    code_type: str
    pattern: str
    reject: bool = False


@dataclass(frozen=True, slots=True)
class WebhookConsumer:
    consumer_id: str
    application_name: str
    subscription_id: str
    endpoint_url: str
    authentication_type: str
    authentication_scope: str
    enabled: bool
    workplace: tuple[int, int]  # (branch, workplace) it was resolved for
    events: tuple[WebhookEvent, ...] = ()
    trigger_patterns: tuple[WebhookTriggerPattern, ...] = ()
    company_name: str | None = None
    sync_marker: int | None = None
