"""Receipts for one branch on one day: a daily rhythm with lunch and late-afternoon
peaks, baskets of 1-8 lines, several payment methods, some credit receipts that return
an earlier sale, and some receipts changed later (a customer linked afterwards)."""

import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .catalogue import ARTICLE_WEIGHTS, ARTICLES, PAYMENT_METHODS, PAYMENT_WEIGHTS
from .money import make_line, vat_groups
from .records import Branch, Employee, Line, Payment, Receipt, ShiftPlan
from .soap_time import local, local_datetime

WEEKDAY_HOURS = {
    9: 3,
    10: 4,
    11: 6,
    12: 10,
    13: 9,
    14: 6,
    15: 6,
    16: 8,
    17: 10,
    18: 8,
    19: 5,
    20: 3,
}
SUNDAY_HOURS = {12: 5, 13: 7, 14: 8, 15: 8, 16: 7, 17: 5}
BRANCH_BUSYNESS = (1.15, 1.0, 0.9, 0.8, 0.8, 0.7)
LINE_COUNT_WEIGHTS = (30, 22, 16, 11, 8, 6, 4, 3)
GIFT_CARD_VALUE = 2500


@dataclass(frozen=True)
class ReceiptChange:
    """A later change to a visible receipt; it gets a new, higher sync marker."""

    receipt_id: str
    relation_number: int
    reference: str


def new_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def plan_day_sales(
    rng: random.Random,
    day: date,
    branch: Branch,
    shifts: Sequence[ShiftPlan],
    staff: dict[int, Employee],
) -> list[tuple[datetime, Receipt | ReceiptChange]]:
    """Every receipt event of the branch-day, in no particular order."""
    sunday = day.weekday() == 6
    hours = SUNDAY_HOURS if sunday else WEEKDAY_HOURS
    base = 75 if sunday else (165 if day.weekday() == 5 else 128)
    count = int(rng.randint(base - 12, base + 12) * BRANCH_BUSYNESS[(branch.number - 1) % 6])
    hour_list, weights = list(hours), list(hours.values())
    moments = sorted(
        local_datetime(
            day, rng.choices(hour_list, weights)[0], rng.randrange(60), rng.randrange(60)
        )
        for _ in range(count)
    )
    events: list[tuple[datetime, Receipt | ReceiptChange]] = []
    sales = []
    for moment in moments:
        employee = cashier_on_duty(rng, moment, branch, shifts, staff)
        receipt = make_sale(rng, moment, branch, employee)
        sales.append(receipt)
        events.append((moment, receipt))
        if rng.random() < 0.02:
            later = moment + timedelta(hours=rng.uniform(1, 26))
            change = ReceiptChange(receipt.receipt_id, _relation(rng), "Klant achteraf gekoppeld")
            events.append((later, change))
    for original in rng.sample(sales, k=min(len(sales), rng.choice((0, 1, 1, 2, 3)))):
        credit = _credit(rng, original)
        events.append((credit.entry, credit))
    return events


def _relation(rng: random.Random) -> int:
    return 5000 + rng.randrange(400)


def cashier_on_duty(
    rng: random.Random,
    moment: datetime,
    branch: Branch,
    shifts: Sequence[ShiftPlan],
    staff: dict[int, Employee],
) -> Employee:
    """Someone clocked in at the branch at that moment, else the branch's manager."""
    on_duty = [
        s.employee_number
        for s in shifts
        if s.start <= moment and (s.clocked_end or s.corrected_end or moment) >= moment
    ]
    if on_duty:
        return staff[rng.choice(on_duty)]
    managers = [e for e in staff.values() if branch.number in e.branch_numbers]
    return managers[0] if managers else next(iter(staff.values()))


def _basket(rng: random.Random, employee: Employee, branch: Branch) -> list[Line]:
    return draw_basket(rng, employee.number, branch.turnover_cost_center, lambda: new_uuid(rng))


def draw_basket(
    rng: random.Random, employee_number: int, cost_center: str, line_id: Callable[[], str]
) -> list[Line]:
    """A customer's basket: 1-8 different articles, weighed ones by the gram, now and
    then a discount (the chain history draws its basket templates here too)."""
    size = rng.choices(range(1, 9), LINE_COUNT_WEIGHTS)[0]
    picked: list = []
    while len(picked) < size:
        article = rng.choices(ARTICLES, ARTICLE_WEIGHTS)[0]
        if article not in picked:
            picked.append(article)
    lines = []
    for article in picked:
        if article.decimal_places:
            quantity = rng.randrange(100, 1000, 5)  # grams: 0.100-0.995 kg
        else:
            quantity = rng.choices((1, 2, 3, 4, 6), (70, 18, 6, 4, 2))[0]
        discount = rng.choice((1000, 1500, 2500)) if rng.random() < 0.06 else 0
        lines.append(
            make_line(line_id(), employee_number, article, quantity, discount, cost_center)
        )
    return lines


def _payments(rng: random.Random, total: int) -> tuple[Payment, ...]:
    method, description, kind, _ = rng.choices(PAYMENT_METHODS, PAYMENT_WEIGHTS)[0]
    if method == "CADEAUBON" and total > GIFT_CARD_VALUE:
        pin = PAYMENT_METHODS[0]
        return (
            Payment(new_uuid(rng), method, description, GIFT_CARD_VALUE, kind),
            Payment(new_uuid(rng), pin[0], pin[1], total - GIFT_CARD_VALUE, pin[2]),
        )
    return (Payment(new_uuid(rng), method, description, total, kind),)


def make_sale(
    rng: random.Random,
    moment: datetime,
    branch: Branch,
    employee: Employee,
    workplace: int | None = None,
    basket: list[Line] | None = None,
) -> Receipt:
    """One customer's purchase at `moment`, VAT and payments worked out (a random basket
    unless the cashier rang up `basket`)."""
    lines = basket or _basket(rng, employee, branch)
    groups = vat_groups(lines)
    total = sum(line.total_incl for line in lines)
    if workplace is None:
        tills = [w.number for w in branch.workplaces if w.workplace_type == "STANDARD"]
        workplace = rng.choice(tills) if rng.random() < 0.95 else branch.workplaces[-1].number
    return Receipt(
        receipt_id=new_uuid(rng),
        order_id=new_uuid(rng),
        receipt_type="RECEIPT-TYPE-RECEIPT",
        branch_number=branch.number,
        workplace_number=workplace,
        employee_number=employee.number,
        employee_name=employee.name,
        entry=moment,
        financial_date=local(moment).date(),
        total_incl=total,
        total_excl=sum(g.excl_amount for g in groups),
        vat_groups=groups,
        lines=tuple(lines),
        payments=_payments(rng, total),
        relation_number=_relation(rng) if rng.random() < 0.1 else None,
    )


def _credit(rng: random.Random, original: Receipt) -> Receipt:
    """A return of one or all lines of `original`, a few hours or a day later."""
    wall = local(original.entry)
    if wall.hour < 16:
        moment = original.entry + timedelta(hours=rng.uniform(1, 4))
    else:
        next_day = wall.date() + timedelta(days=1)
        moment = local_datetime(next_day, 12 if next_day.weekday() == 6 else 9, 15)
        moment += timedelta(minutes=rng.randint(0, 150), seconds=rng.randrange(60))
    returned = original.lines if rng.random() < 0.5 else (rng.choice(original.lines),)
    lines = [
        make_line(
            new_uuid(rng), original.employee_number, line.article, -line.quantity,
            line.discount_percentage, line.cost_center,
        )
        for line in returned
    ]  # fmt: skip
    groups = vat_groups(lines)
    total = sum(line.total_incl for line in lines)
    refund = original.payments[-1]
    return Receipt(
        receipt_id=new_uuid(rng),
        order_id=new_uuid(rng),
        receipt_type="RECEIPT-TYPE-CREDIT-RECEIPT",
        branch_number=original.branch_number,
        workplace_number=original.workplace_number,
        employee_number=original.employee_number,
        employee_name=original.employee_name,
        entry=moment,
        financial_date=local(moment).date(),
        total_incl=total,
        total_excl=sum(g.excl_amount for g in groups),
        vat_groups=groups,
        lines=tuple(lines),
        payments=(
            Payment(new_uuid(rng), refund.method, refund.description, total, refund.method_type),
        ),
        credited_receipt_id=original.receipt_id,
        relation_number=original.relation_number,
        reference="Retour",
    )
