"""Dates and weeks as the product writes them, in the reader's language.

Dutch: "di 1 dec", "di 1 dec 16:51", "1 dec 2026 16:51", "week 49 2026" (lowercase month
abbreviations, never ISO notation); English the same in English conventions ("Tue 1 Dec").
The whole dates come from kassalink/formats (DATETIME_FORMAT and friends).
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import dateformat, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

# Per language: a day with its weekday, and the same with the time.
DAY_FORMATS = {"nl": ("D j b", "D j b H:i"), "en": ("D j M", "D j M H:i")}


def _formats() -> tuple[str, str]:
    language = (get_language() or "nl").split("-")[0]
    return DAY_FORMATS.get(language, DAY_FORMATS["nl"])


@register.filter(expects_localtime=True)
def day(value: dt.date | None) -> str:
    """ "di 1 dec" / "Tue 1 Dec"."""
    return dateformat.format(value, _formats()[0]) if value else ""


@register.filter(expects_localtime=True)
def day_time(value: dt.datetime | None) -> str:
    """ "di 1 dec 16:51" / "Tue 1 Dec 16:51"."""
    return dateformat.format(value, _formats()[1]) if value else ""


@register.filter(expects_localtime=True)
def until(end: dt.datetime | None, start: dt.datetime | None) -> str:
    """ "17:30" for an end on its start's day, "07:00 (+1)" for one the next day."""
    if not end:
        return ""
    text = dateformat.format(end, "H:i")
    days = (end.date() - timezone.localtime(start).date()).days if start else 0
    return f"{text} (+{days})" if days > 0 else text


def week_label(iso_week: str | dt.date) -> str:
    """ "week 49 2026" for "2026-W49" (or any day of that week)."""
    if isinstance(iso_week, dt.date):
        year, number, _weekday = iso_week.isocalendar()
    else:
        year_text, _sep, week_text = str(iso_week).partition("-W")
        year, number = int(year_text), int(week_text)
    return _("week %(number)s %(year)s") % {"number": number, "year": year}


register.filter("week_label", week_label)
