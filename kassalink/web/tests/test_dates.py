"""One date style: Dutch "1 dec 2026 16:51" with lowercase month abbreviations and
"week 49 2026", English in English conventions; never ISO notation on a page."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from kassalink.web.templatetags.dates import day, day_time, week_label

AMS = ZoneInfo("Europe/Amsterdam")
MOMENT = dt.datetime(2026, 12, 1, 16, 51, tzinfo=AMS)


def render(text: str, **context) -> str:
    return Template("{% load dates %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["1 dec 2026 16:51", "di 1 dec", "di 1 dec 16:51", "week 49 2026", "ma 2 mrt"]),
        ("en", ["1 Dec 2026 16:51", "Tue 1 Dec", "Tue 1 Dec 16:51", "week 49, 2026", "Mon 2 Mar"]),
    ],
)
def test_dates_read_the_same_everywhere_in_each_language(language, expected):
    with translation.override(language):
        shown = [
            render('{{ moment|date:"DATETIME_FORMAT" }}', moment=MOMENT),
            day(MOMENT.date()),
            day_time(MOMENT),
            week_label("2026-W49"),
            day(dt.date(2026, 3, 2)),
        ]
    assert shown == expected


def test_a_utc_moment_is_shown_in_amsterdam_time(settings):
    utc = MOMENT.astimezone(dt.UTC)
    with translation.override("nl"):
        assert render("{{ moment|day_time }}", moment=utc) == "di 1 dec 16:51"


def test_an_end_on_a_later_day_says_so():
    evening = dt.datetime(2026, 12, 1, 22, 0, tzinfo=AMS)
    morning = dt.datetime(2026, 12, 2, 7, 0, tzinfo=AMS)
    assert render("{{ end|until:start }}", end=morning, start=evening) == "07:00 (+1)"
    assert render("{{ end|until:start }}", end=evening, start=MOMENT) == "22:00"
    assert render("{{ end|until:start|default:'open' }}", end=None, start=MOMENT) == "open"
