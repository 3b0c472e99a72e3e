"""Why an entry landed where it did: the reasons `placement` stores, and the same reasons
read back for a reader in another language.

Reasons are stored as text in the shop's language (Dutch), so that a CSV or the API shows
them as they were decided. A page in English re-reads a stored reason against the
templates below and writes it again in English, weekday and month included.
"""

from __future__ import annotations

import re
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

COST_CENTER = gettext_noop("Kostenplaats %(cost_center)s → afdeling %(department)s")
NO_PLANNED_SHIFT = gettext_noop("Geen geplande dienst: standaardafdeling %(department)s")
PLANNED_OPEN = gettext_noop("Geplande dienst %(day)s %(start)s–%(end)s (ingeklokt %(clock_in)s)")
PLANNED = gettext_noop("Geplande dienst %(day)s %(start)s–%(end)s (overlap %(overlap)s)")
REASONS = (COST_CENTER, NO_PLANNED_SHIFT, PLANNED_OPEN, PLANNED)


def stored_reason(template: str, **values: object) -> str:
    """A reason as stored: in the shop's language whatever the request's."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(template) % values


# What each value looks like; anything else (names) matches any text.
VALUE_PATTERNS = {
    "day": r"\S+ \d{1,2} \S+",
    "start": r"\d{1,2}:\d{2}",
    "end": r"\d{1,2}:\d{2}",
    "clock_in": r"\d{1,2}:\d{2}",
    "overlap": r"\d+:\d{2}",
}


@cache
def _pattern(template: str) -> re.Pattern[str]:
    with translation.override(settings.LANGUAGE_CODE):
        text = _(template)
    parts = re.split(r"%\((\w+)\)s", text)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>{VALUE_PATTERNS.get(part, '.+?')})"
        for i, part in enumerate(parts)
    )
    return re.compile(regex)


def _day_words(language: str) -> dict[str, str]:
    """Stored weekday and month abbreviations ("di", "mrt") in `language` ("Tue", "Mar")."""
    words: dict[str, str] = {}
    for names, title in ((WEEKDAYS_ABBR, False), (MONTHS_3, True)):
        for name in names.values():
            with translation.override(settings.LANGUAGE_CODE):
                stored = str(name)  # lazy: translated when made a string
            with translation.override(language):
                shown = str(name)
            words[stored] = shown.title() if title else shown
    return words


def reason_for_reader(stored: str) -> str:
    """The stored reason in the language of the page being rendered."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if not stored or language.split("-")[0] == settings.LANGUAGE_CODE:
        return stored
    for template in REASONS:
        found = _pattern(template).fullmatch(stored)
        if found:
            values = found.groupdict()
            if "day" in values:
                words = _day_words(language)
                values["day"] = " ".join(words.get(w, w) for w in values["day"].split())
            return _(template) % values
    return stored
