"""Money and quantities in templates, from integer cents, in the page's language."""

from decimal import Decimal

from django import template
from django.utils import translation

from kassalink.receipts.render import amount, decimal_text

register = template.Library()


def page_language() -> str:
    """The language numbers are written in on this page: en, else nl."""
    return "en" if translation.get_language() == "en" else "nl"


@register.filter
def cents(value: int | None) -> str:
    """-395 → "€ -3,95" (nl) or "€ -3.95" (en)."""
    if value is None:
        return "—"
    return f"€ {amount(int(value), page_language())}"


@register.filter
def quantity(value: Decimal) -> str:
    return decimal_text(value, page_language())
