"""The simulated MplusKASSA account: its setup, and everything that happens in it as
the simulated clock moves.

Days are generated lazily and in order, each from its own random generator seeded with
(seed, date), so the data depends only on the seed and the start moment. Events (a sale,
a return, a later change) become visible when the clock passes them and get their sync
marker and receipt number at that moment, in time order: markers only ever increase.
"""

import heapq
import itertools
import random
import re
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from kassalink.mplus import webhooks

from .chain import DEFAULT_RECEIPTS_PER_DAY, SUB_RECEIPT, ChainHistory
from .chain_receipts import record as chain_record
from .clock import SimClock
from .faults import FaultBook
from .organisation import (
    AUTHORIZATION_GROUPS,
    make_branches,
    make_cost_centers,
    make_employees,
)
from .records import Branch, Employee, Receipt, Shift, ShiftPlan, WebhookConsumer
from .rostering import plan_day_shifts
from .sales import ReceiptChange, plan_day_sales
from .soap_time import AMSTERDAM, local

if TYPE_CHECKING:
    from .cashier import CashierSale

API_VERSION = (67, 1, 3)


class Simulator:
    """A stand-in MplusKASSA account. See the package docstring for the contract."""

    def __init__(
        self,
        seed: int = 1,
        start: datetime | None = None,
        ident: str = "demo",
        secret: str = "demo",  # noqa: S107 - the demo account's published secret
        history_days: int = 14,
        branches: int = 3,
        employees: int = 24,
        *,
        realtime: bool = False,
        speed: float = 1.0,
        webhook_consumers: Sequence[WebhookConsumer] = (),
        chain_days: int = 0,
        receipts_per_day: int = DEFAULT_RECEIPTS_PER_DAY,
    ) -> None:
        if start is None:
            start = datetime.now(AMSTERDAM).replace(microsecond=0)
        if history_days < 0 or chain_days < 0:
            raise ValueError("history_days and chain_days cannot be negative")
        self.seed = seed
        self.ident = ident
        self.secret = secret
        self.clock = SimClock(start, realtime=realtime, speed=speed)
        self.faults = FaultBook()
        self.branches = make_branches(branches)
        self.cost_centers = make_cost_centers(self.branches)
        self.authorization_groups = AUTHORIZATION_GROUPS
        first_day = local(start).date() - timedelta(days=history_days)
        self.first_day = first_day
        chain_first_day = first_day - timedelta(days=chain_days)
        setup_rng = random.Random(f"{seed}:organisation")
        self.employees = make_employees(
            setup_rng,
            employees,
            self.branches,
            datetime.combine(chain_first_day, datetime.min.time(), AMSTERDAM),
        )
        # The chain history: `chain_days` days before the live shop's first day, computed
        # on demand (see chain.py); live receipts are marked and numbered after it.
        self.chain = (
            ChainHistory(
                seed, chain_first_day, chain_days, self.branches, self.employees, receipts_per_day
            )
            if chain_days
            else None
        )
        self.webhook_consumers: list[WebhookConsumer] = list(webhook_consumers)
        self._staff = {e.number: e for e in self.employees}
        self._lock = threading.RLock()
        self._next_day = first_day
        self._pending: list[tuple[datetime, int, Receipt | ReceiptChange]] = []
        self._sequence = itertools.count()
        self._shift_days: dict[date, list[ShiftPlan]] = {}
        self._shift_numbers: dict[int, int] = {}
        self._receipts: dict[str, Receipt] = {}
        self._marker_log: list[int] = []
        self._marker_ids: list[str] = []
        self._receipt_marker = 0
        self._event_counter = 0
        self._receipt_numbers: dict[tuple[int, int, int], int] = {}
        self._order_numbers: dict[int, int] = {}
        if self.chain is not None:
            self._receipt_marker = self.chain.top_marker
            self._receipt_numbers.update(self.chain.receipt_numbers_at_end())
            self._order_numbers.update(self.chain.order_numbers_at_end())
            self._shift_numbers.update(self.chain.shift_numbers_at_end())
        # Serialised XML per receipt version, filled by the response writers.
        self.fragment_cache: dict[tuple, str] = {}
        self.catch_up()

    # --- time ---------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return self.clock.now()

    def advance(self, minutes: float) -> None:
        """Move the simulated clock forward; what happened meanwhile becomes visible."""
        self.clock.advance(minutes)
        self.catch_up()

    def catch_up(self) -> datetime:
        """Make every event up to the clock's current moment visible; returns that moment."""
        with self._lock:
            now = self.clock.now()
            while self._next_day <= local(now).date():
                self._generate_day(self._next_day)
                self._next_day += timedelta(days=1)
            while self._pending and self._pending[0][0] <= now:
                _, _, event = heapq.heappop(self._pending)
                self._apply(event)
            return now

    # --- generation -----------------------------------------------------------------

    def _generate_day(self, day: date) -> None:
        per_branch = self._plan_day(day, self._next_shift_number)
        self._shift_days[day] = [p for plans in per_branch.values() for p in plans]
        for branch in self.branches:
            sales_rng = random.Random(f"{self.seed}:{day.isoformat()}:sales:{branch.number}")
            events = plan_day_sales(sales_rng, day, branch, per_branch[branch.number], self._staff)
            for moment, event in events:
                self._schedule(moment, event)

    def _plan_day(self, day: date, next_number: Callable[[int], int]) -> dict[int, list[ShiftPlan]]:
        """Who works when at each branch on `day`: drawn from (seed, day) alone."""
        rng = random.Random(f"{self.seed}:{day.isoformat()}:shifts")
        working: set[int] = set()
        per_branch: dict[int, list[ShiftPlan]] = {}
        for branch in self.branches:
            staff = [
                e for e in self.employees
                if e.active and branch.number in e.branch_numbers and e.number not in working
            ]  # fmt: skip
            plans = plan_day_shifts(rng, day, branch.number, staff, next_number)
            working.update(p.employee_number for p in plans)
            per_branch[branch.number] = plans
        return per_branch

    def planned_shifts(self, day: date) -> list[ShiftPlan]:
        """The clock-ins the seed has in store for `day`, past or still to come (the demo
        plans its roster from them). A day the clock has not reached yet is drawn the same
        way but its shifts have no number (0) until then."""
        with self._lock:
            plans = self._shift_days.get(day)
        if plans is None:
            plans = [p for ps in self._plan_day(day, lambda year: 0).values() for p in ps]
        return sorted(plans, key=lambda p: (p.start, p.employee_number))

    def _next_shift_number(self, year: int) -> int:
        self._shift_numbers[year] = self._shift_numbers.get(year, 0) + 1
        return self._shift_numbers[year]

    def _schedule(self, moment: datetime, event: Receipt | ReceiptChange) -> None:
        heapq.heappush(self._pending, (moment, next(self._sequence), event))

    def _apply(self, event: Receipt | ReceiptChange) -> None:
        if isinstance(event, ReceiptChange):
            current = self._receipts[event.receipt_id]
            self._publish(
                replace(
                    current,
                    relation_number=event.relation_number,
                    reference=event.reference,
                    change_counter=current.change_counter + 1,
                )
            )
        else:
            self._publish(self._numbered(event))

    def _numbered(self, receipt: Receipt) -> Receipt:
        year = receipt.financial_date.year
        key = (receipt.branch_number, receipt.workplace_number, year)
        self._receipt_numbers[key] = self._receipt_numbers.get(key, 0) + 1
        self._order_numbers[year] = self._order_numbers.get(year, 0) + 1
        return replace(
            receipt, number=self._receipt_numbers[key], order_number=self._order_numbers[year]
        )

    def _publish(self, receipt: Receipt) -> None:
        self._receipt_marker += 1
        receipt = replace(receipt, sync_marker=self._receipt_marker)
        self._receipts[receipt.receipt_id] = receipt
        self._marker_log.append(receipt.sync_marker)
        self._marker_ids.append(receipt.receipt_id)

    def record_sale(self, receipt: Receipt) -> Receipt:
        """Book a sale rung up now (by the cashier); returns it numbered and marked."""
        with self._lock:
            self.catch_up()
            self._apply(receipt)
            return self._receipts[receipt.receipt_id]

    def cashier_sale(self, **options: object) -> "CashierSale":
        """A sale at the till now, with its POS webhooks; see cashier.run_sale."""
        from .cashier import run_sale

        return run_sale(self, **options)

    def next_event_counter(self) -> int:
        """The POS's eventCounter; `reset_event_counter` acts out the documented reset."""
        with self._lock:
            self._event_counter += 1
            return self._event_counter

    def reset_event_counter(self) -> None:
        with self._lock:
            self._event_counter = 0

    def add_webhook_consumer(
        self,
        endpoint_url: str,
        subscription_id: str,
        secret_key: str,
        events: Sequence[str] = ("scanCode", "completeSession", "creditSession"),
        blocking: Sequence[str] = ("scanCode", "completeSession"),
        patterns: Sequence[str] | None = None,
        application_name: str = "kassalink",
        enabled: bool = True,
    ) -> WebhookConsumer:
        """Subscribe as the back office does; the same subscription id replaces the old one.
        `patterns` are regular expressions on scanned codes (all codes when not given)."""
        for pattern in patterns or ():
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(
                    f"pattern {pattern!r} is not a regular expression: {error}"
                ) from None
        unknown = set(events) - set(webhooks.EVENTS)
        if unknown:
            raise ValueError(f"unknown webhook events: {sorted(unknown)}")
        with self._lock:
            kept = [c for c in self.webhook_consumers if c.subscription_id != subscription_id]
            number = len(kept) + 1
            consumer = WebhookConsumer(
                consumer_id=f"00000000-0000-4000-8000-{number:012d}",
                application_name=application_name,
                subscription_id=subscription_id,
                endpoint_url=endpoint_url,
                secret_key=secret_key,
                events=tuple(events),
                blocking=tuple(e for e in blocking if e in events),
                patterns=tuple(patterns) if patterns else (".*",),
                enabled=enabled,
            )
            self.webhook_consumers = [*kept, consumer]
            return consumer

    # --- reading ----------------------------------------------------------------------

    def receipts_from(self, sync_marker: int) -> Iterator[Receipt]:
        """Visible receipts whose current sync marker is >= `sync_marker`, by marker."""
        with self._lock:
            self.catch_up()
            start = bisect_left(self._marker_log, sync_marker)
            entries = list(zip(self._marker_log[start:], self._marker_ids[start:], strict=True))
            receipts = self._receipts
        for marker, receipt_id in entries:
            receipt = receipts[receipt_id]
            if receipt.sync_marker == marker:
                yield receipt

    def receipt(self, receipt_id: str) -> Receipt | None:
        """A live receipt, or one of the chain history, by id."""
        with self._lock:
            self.catch_up()
            found = self._receipts.get(receipt_id)
        if found is None and self.chain is not None:
            located = self.chain.locate(receipt_id)
            if located is not None and located[2] == SUB_RECEIPT:
                found = chain_record(self.chain, located[0], located[1])
        return found

    def receipt_count(self) -> int:
        """Live receipts plus the chain history's."""
        with self._lock:
            self.catch_up()
            return len(self._receipts) + (self.chain.total if self.chain else 0)

    def receipt_sync_marker(self) -> int:
        with self._lock:
            self.catch_up()
            return self._receipt_marker

    def employee_sync_marker(self) -> int:
        return max((e.sync_marker for e in self.employees), default=0)

    def shifts(
        self,
        from_day: date,
        through_day: date,
        branch_numbers: Sequence[int] = (),
        employee_numbers: Sequence[int] = (),
    ) -> list[Shift]:
        """Shifts by financial date as the POS shows them now (started ones only)."""
        now = self.catch_up()
        found = []
        if self.chain is not None and from_day < self.first_day:
            for plan in self.chain.shift_plans(from_day, through_day, branch_numbers):
                if employee_numbers and plan.employee_number not in employee_numbers:
                    continue
                shift = shift_at(plan, now)
                if shift is not None:
                    found.append(shift)
        day = max(from_day, self.first_day)
        while day <= through_day and day in self._shift_days:
            for plan in self._shift_days[day]:
                if branch_numbers and plan.branch_number not in branch_numbers:
                    continue
                if employee_numbers and plan.employee_number not in employee_numbers:
                    continue
                shift = shift_at(plan, now)
                if shift is not None:
                    found.append(shift)
            day += timedelta(days=1)
        return found

    def branch(self, number: int) -> Branch | None:
        return next((b for b in self.branches if b.number == number), None)

    def employee(self, number: int) -> Employee | None:
        return self._staff.get(number)

    def state(self) -> dict[str, object]:
        """A summary for the control endpoint and the demo."""
        now = self.catch_up()
        shifts = self.shifts(self.first_day, local(now).date())
        return {
            "now": now.isoformat(),
            "seed": self.seed,
            "receipts": self.receipt_count(),
            "receipt_sync_marker": self.receipt_sync_marker(),
            "shifts": len(shifts),
            "open_shifts": sum(1 for s in shifts if not s.ended),
            "employees": len(self.employees),
            "branches": len(self.branches),
            "history_days": self.chain.days if self.chain else 0,
            "webhook_consumers": len(self.webhook_consumers),
            "realtime": self.clock.realtime,
            "speed": self.clock.speed,
        }


def shift_at(plan: ShiftPlan, now: datetime) -> Shift | None:
    """How a planned shift looks at `now`: unseen, open, ended, or corrected."""
    if plan.start > now:
        return None
    if plan.corrected_at is not None and plan.corrected_at <= now:
        end, ended, manual = plan.corrected_end, True, True
    elif plan.clocked_end is not None and plan.clocked_end <= now:
        end, ended, manual = plan.clocked_end, True, plan.manual_at_clock_out
    else:
        # Still clocked in; the POS sends the start moment as the (unknown) end.
        end, ended, manual = plan.start, False, False
    assert end is not None
    return Shift(
        year=plan.year,
        number=plan.number,
        branch_number=plan.branch_number,
        employee_number=plan.employee_number,
        financial_date=plan.financial_date,
        start=plan.start,
        end=end,
        ended=ended,
        manually_modified=manual,
    )
