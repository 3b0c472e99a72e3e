"""Template filters of the Insights page and its e-mail: signed euros from cents."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def signed_euros(cents: int | None) -> str:
    """-1475 → "€ -14,75", from integer cents without a float; None → "—"."""
    if cents is None:
        return "—"
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(int(cents)), 100)
    return f"€ {sign}{whole:,}".replace(",", ".") + f",{rest:02d}"


@register.simple_tag
def kpi(kind: str, value: object) -> str:
    """A KPI as the page shows it: euros, hours with two decimals, or a percentage."""
    if value is None:
        return "—"
    if kind == "cents":
        return signed_euros(value)
    text = f"{Decimal(value):.2f}".replace(".", ",")
    return f"{text}%" if kind == "percent" else text


@register.simple_tag
def change(value: Decimal | None) -> str:
    """The change against an earlier period, signed: (+12,5%)."""
    if value is None:
        return ""
    sign = "+" if value > 0 else ""
    return format_html(
        '<small class="change">({}{}%)</small>', sign, f"{value:.1f}".replace(".", ",")
    )
