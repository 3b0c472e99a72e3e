"""The simulated account's records, as frozen values.

Units (one place, so they can be corrected against a real account): money in integer
cents (xsd:long); VAT and discount percentages in hundredths (2100 = 21 %); quantities
as an integer with `decimal_places` (750 with 3 places = 0.750 kg).
"""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Workplace:
    number: int
    name: str
    workplace_type: str  # STANDARD (till) or MOBILE (handheld)


@dataclass(frozen=True)
class Branch:
    number: int
    name: str
    abbreviation: str
    city: str
    turnover_cost_center: str
    workplaces: tuple[Workplace, ...]


@dataclass(frozen=True)
class CostCenter:
    number: str
    description: str


@dataclass(frozen=True)
class AuthorizationGroup:
    number: int
    name: str
    rank_order: int


@dataclass(frozen=True)
class Employee:
    number: int
    name: str
    username: str
    email: str | None
    active: bool
    branch_numbers: tuple[int, ...]
    group_number: int | None  # None: no authorization group, hidden from the mapping
    sync_marker: int
    created: datetime
    changed: datetime


@dataclass(frozen=True)
class Article:
    number: int
    plu: str
    barcode: str
    text: str
    price: int  # cents incl. VAT per unit (per kg for weighed articles)
    vat_code: int
    decimal_places: int  # 3 for weighed articles
    turnover_group: int
    turnover_group_name: str


@dataclass(frozen=True)
class VatRate:
    code: int
    percentage: int  # hundredths


@dataclass(frozen=True)
class Line:
    line_id: str
    employee_number: int
    article: Article
    quantity: int
    decimal_places: int
    price: int
    discount_percentage: int
    discount_amount: int
    total_incl: int
    total_excl: int
    vat_percentage: int
    cost_center: str


@dataclass(frozen=True)
class VatGroup:
    vat_code: int
    vat_percentage: int
    excl_amount: int
    vat_amount: int


@dataclass(frozen=True)
class Payment:
    payment_id: str
    method: str
    description: str
    amount: int
    method_type: str


@dataclass(frozen=True)
class Receipt:
    """A receipt as the POS shows it now. `number` and `sync_marker` are 0 until the
    receipt has become visible on the simulated clock."""

    receipt_id: str
    order_id: str
    receipt_type: str
    branch_number: int
    workplace_number: int
    employee_number: int
    employee_name: str
    entry: datetime
    financial_date: date
    total_incl: int
    total_excl: int
    vat_groups: tuple[VatGroup, ...]
    lines: tuple[Line, ...]
    payments: tuple[Payment, ...]
    credited_receipt_id: str | None = None
    relation_number: int | None = None
    reference: str | None = None
    webhook_session_id: str | None = None
    number: int = 0
    sync_marker: int = 0
    order_number: int = 0
    change_counter: int = 0

    @property
    def transaction_string(self) -> str:
        year = self.financial_date.year
        return f"{self.branch_number}-{self.workplace_number}-{year}-{self.number:06d}"

    @property
    def barcode(self) -> str:
        """What the till prints under the receipt: branch, workplace, year, number."""
        year = self.financial_date.year % 100
        return f"{self.branch_number:02d}{self.workplace_number:02d}{year:02d}{self.number:07d}"

    @property
    def is_credit(self) -> bool:
        return self.receipt_type == "RECEIPT-TYPE-CREDIT-RECEIPT"


@dataclass(frozen=True)
class ShiftPlan:
    """One clock-in/clock-out as it unfolds over time.

    `clocked_end` is None when the employee forgot to clock out; `corrected_end` and
    `corrected_at` describe a manager's later edit (the shift becomes manually modified
    at `corrected_at`)."""

    year: int
    number: int
    branch_number: int
    employee_number: int
    financial_date: date
    start: datetime
    clocked_end: datetime | None
    manual_at_clock_out: bool = False
    corrected_end: datetime | None = None
    corrected_at: datetime | None = None


@dataclass(frozen=True)
class Shift:
    """A shift as getShifts shows it at one moment."""

    year: int
    number: int
    branch_number: int
    employee_number: int
    financial_date: date
    start: datetime
    end: datetime
    ended: bool
    manually_modified: bool


@dataclass(frozen=True)
class WebhookConsumer:
    """A subscription as the back office holds it (Beheer › Instellingen › Webhooks)."""

    consumer_id: str
    application_name: str
    subscription_id: str
    endpoint_url: str
    secret_key: str
    events: tuple[str, ...]  # JSON event names: scanCode, completeSession, ...
    blocking: tuple[str, ...]
    patterns: tuple[str, ...]  # regular expressions on the scanned code
    enabled: bool = True
