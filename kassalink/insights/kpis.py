"""The arithmetic of Insights: labour cost, labour %, sales per labour hour, the change
against an earlier period, and whether an hour was over- or under-staffed.

Plain functions on integers and Fractions, no database: money stays in whole cents
(rounded half up once, at the end), percentages are Decimal with two places.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

HUNDREDTH = Decimal("0.01")
# Staffing: an hour whose sales per labour hour fall below this share of the reference
# is over-staffed, above the other share under-staffed.
OVER_STAFFED_BELOW = Fraction(2, 3)
UNDER_STAFFED_ABOVE = Fraction(3, 2)


def round_cents(amount: Fraction | int) -> int:
    """Whole cents, half up (away from zero for negative amounts)."""
    value = Fraction(amount)
    sign = -1 if value < 0 else 1
    return sign * int(abs(value) + Fraction(1, 2))


def labour_cost(worked_seconds: Fraction | int, hourly_wage_cents: int) -> Fraction:
    """Seconds worked × the hourly wage, exact (round once, when a total is shown)."""
    return Fraction(worked_seconds) * hourly_wage_cents / 3600


def labour_percent(labour_cost_cents: int, turnover_cents: int) -> Decimal | None:
    """Labour cost as % of turnover; None without (or with negative) turnover."""
    if turnover_cents <= 0:
        return None
    percent = Decimal(labour_cost_cents) * 100 / Decimal(turnover_cents)
    return percent.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def sales_per_labour_hour(turnover_cents: int, worked_seconds: Fraction | int) -> int | None:
    """Turnover per hour worked, in cents; None when nobody worked."""
    if worked_seconds <= 0:
        return None
    return round_cents(Fraction(turnover_cents) * 3600 / Fraction(worked_seconds))


def change_percent(now: int | Decimal | None, before: int | Decimal | None) -> Decimal | None:
    """How much `now` differs from `before`, in % of `before`; None when not comparable."""
    if now is None or before is None or before == 0:
        return None
    change = (Decimal(now) - Decimal(before)) * 100 / abs(Decimal(before))
    return change.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def hours(seconds: Fraction | int) -> Decimal:
    """Seconds as hours with two decimals (27000 → 7.50)."""
    value = Fraction(seconds) / 3600
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def staffing(turnover_cents: int, people: int, reference_cents: int | None) -> str:
    """ "over", "under" or "ok" for one hour: `people` at work against the turnover, compared
    with a reference sales per labour hour (the team's target, else the day's own)."""
    if people == 0:
        return "under" if turnover_cents > 0 else "ok"
    if reference_cents is None or reference_cents <= 0:
        return "ok"
    per_person = Fraction(turnover_cents, people)
    if per_person < OVER_STAFFED_BELOW * reference_cents:
        return "over"
    if per_person > UNDER_STAFFED_ABOVE * reference_cents:
        return "under"
    return "ok"


def misses_target(
    labour_pct: Decimal | None,
    sales_per_hour_cents: int | None,
    max_labour_percent: Decimal | None,
    min_sales_per_hour_cents: int | None,
) -> bool:
    """True when an hour is worse than a team's target on either measure."""
    too_costly = (
        max_labour_percent is not None
        and labour_pct is not None
        and labour_pct > max_labour_percent
    )
    too_slow = (
        min_sales_per_hour_cents is not None
        and sales_per_hour_cents is not None
        and sales_per_hour_cents < min_sales_per_hour_cents
    )
    return too_costly or too_slow
