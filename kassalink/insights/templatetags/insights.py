"""Template filters of the Insights page and its e-mail: signed euros from cents."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from kassalink.receipts.render import amount, decimal_text
from kassalink.receipts.templatetags.money import page_language

register = template.Library()
CENT, TENTH = Decimal("0.01"), Decimal("0.1")


@register.filter
def signed_euros(cents: int | None) -> str:
    """-1475 → "€ -14,75" (nl) or "€ -14.75" (en), from integer cents without a float;
    None → "—"."""
    if cents is None:
        return "—"
    return f"€ {amount(int(cents), page_language())}"


@register.simple_tag
def kpi(kind: str, value: object) -> str:
    """A KPI as the page shows it: euros, hours with two decimals, or a percentage."""
    if value is None:
        return "—"
    if kind == "cents":
        return signed_euros(value)
    text = decimal_text(Decimal(value).quantize(CENT), page_language())
    return f"{text}%" if kind == "percent" else text


@register.simple_tag
def change(value: Decimal | None) -> str:
    """The change against an earlier period, signed: (+12,5%)."""
    if value is None:
        return ""
    sign = "+" if value > 0 else ""
    text = decimal_text(value.quantize(TENTH), page_language())
    return format_html('<small class="change">({}{}%)</small>', sign, text)
