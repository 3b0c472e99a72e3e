"""Template filters for hours and money (h:mm durations, worked time, euros from cents)
and an entry's placement reason in the reader's language."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from kassalink.receipts.render import amount
from kassalink.receipts.templatetags.money import page_language
from kassalink.workforce.hours import format_minutes, worked_minutes
from kassalink.workforce.models import TimesheetEntry
from kassalink.workforce.placement_reasons import reason_for_reader

register = template.Library()


@register.filter
def hm(minutes: int) -> str:
    """450 → "7:30"."""
    return format_minutes(int(minutes or 0))


@register.filter
def worked(entry: TimesheetEntry) -> str:
    """An entry's worked time as h:mm; empty while still clocked in."""
    if entry.end is None:
        return ""
    return format_minutes(worked_minutes(entry.start, entry.end, entry.break_minutes))


@register.filter
def euros(cents: int) -> str:
    """1475 → "€ 14,75" (nl) or "€ 14.75" (en), from integer cents without a float."""
    return f"€ {amount(int(cents or 0), page_language())}"


@register.filter
def money(value: Decimal) -> str:
    """Decimal("118.42") → "€ 118,42" (nl) or "€ 118.42" (en), to the cent."""
    return euros(int((value * 100).to_integral_value(ROUND_HALF_UP)))


@register.filter
def placement_reason(entry: TimesheetEntry) -> str:
    """Why the entry landed where it did, in the reader's language."""
    return reason_for_reader(entry.placement_reason)
