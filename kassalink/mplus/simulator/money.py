"""Receipt arithmetic done once, at the till: line totals, VAT per group, payments.

VAT method is inclusive (prices include VAT, as in Dutch retail). The VAT of a group
is computed once on the group's total and sent; line excl amounts are rounded per line,
so they need not add up to the group's excl amount, just like a real POS.
"""

from collections.abc import Iterable

from .catalogue import VAT_RATES
from .records import Article, Line, VatGroup


def divide_rounded(numerator: int, denominator: int) -> int:
    """Integer division rounding half away from zero (symmetric for credits)."""
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    quotient, remainder = divmod(abs(numerator), abs(denominator))
    if remainder * 2 >= abs(denominator):
        quotient += 1
    return sign * quotient


def vat_part(amount_incl: int, percentage: int) -> int:
    """The VAT inside an amount that includes VAT; percentage in hundredths."""
    return divide_rounded(amount_incl * percentage, 10_000 + percentage)


def make_line(
    line_id: str,
    employee_number: int,
    article: Article,
    quantity: int,
    discount_percentage: int,
    cost_center: str,
) -> Line:
    gross = divide_rounded(article.price * quantity, 10**article.decimal_places)
    discount = divide_rounded(gross * discount_percentage, 10_000)
    total = gross - discount
    percentage = VAT_RATES[article.vat_code].percentage
    return Line(
        line_id=line_id,
        employee_number=employee_number,
        article=article,
        quantity=quantity,
        decimal_places=article.decimal_places,
        price=article.price,
        discount_percentage=discount_percentage,
        discount_amount=discount,
        total_incl=total,
        total_excl=total - vat_part(total, percentage),
        vat_percentage=percentage,
        cost_center=cost_center,
    )


def vat_groups(lines: Iterable[Line]) -> tuple[VatGroup, ...]:
    totals: dict[int, int] = {}
    for line in lines:
        totals[line.article.vat_code] = totals.get(line.article.vat_code, 0) + line.total_incl
    groups = []
    for code in sorted(totals):
        percentage = VAT_RATES[code].percentage
        vat = vat_part(totals[code], percentage)
        groups.append(VatGroup(code, percentage, totals[code] - vat, vat))
    return tuple(groups)
