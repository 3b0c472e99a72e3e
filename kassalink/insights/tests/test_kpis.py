"""The KPI arithmetic of Insights against figures worked out by hand."""

from decimal import Decimal
from fractions import Fraction

from kassalink.insights import kpis


def test_labour_cost_is_hours_times_wage_rounded_once():
    # 7 h 30 min at € 14,25: 7.5 × 1425 = 10687.5 cents → € 106,88.
    cost = kpis.labour_cost(7 * 3600 + 1800, 1425)
    assert cost == Fraction(21375, 2)
    assert kpis.round_cents(cost) == 10688
    # Three people 20 minutes each at € 13,33: 3 × 1333 / 3 = 1333 cents exactly.
    assert kpis.round_cents(sum(kpis.labour_cost(1200, 1333) for _ in range(3))) == 1333


def test_labour_percent():
    # € 106,88 labour against € 850,00 turnover: 10688 / 85000 = 12.574 % → 12.57 %.
    assert kpis.labour_percent(10688, 85000) == Decimal("12.57")
    assert kpis.labour_percent(1, 8) == Decimal("12.50")
    assert kpis.labour_percent(500, 0) is None
    assert kpis.labour_percent(500, -100) is None  # a day of returns has no labour %


def test_sales_per_labour_hour():
    # € 850,00 over 7.5 worked hours = € 113,33 per hour (11333.33 cents → 11333).
    assert kpis.sales_per_labour_hour(85000, 27000) == 11333
    # € 1,00 in 20 minutes = € 3,00 per hour.
    assert kpis.sales_per_labour_hour(100, 1200) == 300
    assert kpis.sales_per_labour_hour(85000, 0) is None


def test_change_against_an_earlier_period():
    assert kpis.change_percent(110, 100) == Decimal("10.00")
    assert kpis.change_percent(90, 120) == Decimal("-25.00")
    assert kpis.change_percent(50, -100) == Decimal("150.00")
    assert kpis.change_percent(50, 0) is None
    assert kpis.change_percent(None, 10) is None


def test_hours_with_two_decimals():
    assert kpis.hours(27000) == Decimal("7.50")
    assert kpis.hours(Fraction(3600, 7)) == Decimal("0.14")  # 0.142857 h


def test_rounding_half_up_in_both_directions():
    assert kpis.round_cents(Fraction(5, 2)) == 3
    assert kpis.round_cents(Fraction(-5, 2)) == -3
    assert kpis.round_cents(Fraction(249, 100)) == 2


def test_staffing_against_a_reference_of_60_euro_per_person_hour():
    reference = 6000
    assert kpis.staffing(12000, 2, reference) == "ok"  # € 60 per person
    assert kpis.staffing(12000, 4, reference) == "over"  # € 30 < 2/3 × € 60
    assert kpis.staffing(24000, 2, reference) == "under"  # € 120 > 1.5 × € 60
    assert kpis.staffing(5000, 0, reference) == "under"  # sales, nobody at work
    assert kpis.staffing(0, 0, reference) == "ok"
    assert kpis.staffing(12000, 3, None) == "ok"


def test_a_target_is_missed_on_either_measure():
    assert kpis.misses_target(Decimal("31.00"), 9000, Decimal("30"), None)
    assert not kpis.misses_target(Decimal("30.00"), 9000, Decimal("30"), None)
    assert kpis.misses_target(Decimal("10"), 4999, None, 5000)
    assert not kpis.misses_target(None, None, Decimal("30"), 5000)
