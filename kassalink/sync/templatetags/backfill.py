"""`{% backfill_progress connection %}`: the receipts history's progress bar, refreshed
by htmx while it runs; `{% backfill_line connection %}` is the console's one line."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from kassalink.sync.backfill_progress import progress_for
from kassalink.sync.models import BackfillWindow

register = template.Library()


@register.inclusion_tag("sync/_backfill.html", takes_context=True)
def backfill_progress(context: template.Context, connection, retry: bool = False) -> dict:
    """`retry=True` (the operator's page) lists the windows and offers Opnieuw proberen
    for failed ones."""
    windows = BackfillWindow.objects.filter(backfill__connection=connection) if retry else []
    return {
        "progress": progress_for(connection.pk),
        "connection": connection,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "compact": False,
        "retry": retry,
        "windows": windows,
    }


@register.inclusion_tag("sync/_backfill.html", takes_context=True)
def backfill_line(context: template.Context, connection) -> dict:
    return {
        "progress": progress_for(connection.pk),
        "connection": connection,
        "request": context.get("request"),
        "compact": True,
    }


@register.filter
def thousands(value: int) -> str:
    """1234567 as "1.234.567" (Dutch) or "1,234,567" (English)."""
    return number_format(value, force_grouping=True)
