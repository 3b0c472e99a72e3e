"""`{{ cents|euro }}`: integer cents as "€ 12,50" (Dutch style, minus for credits)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euro(cents: int | None) -> str:
    if cents is None:
        return ""
    return "€ " + number_format(Decimal(cents).scaleb(-2), decimal_pos=2)
