"""The frame of every page: the language menu names each language in its own words, the
favicon and scripts come from the installation, and no template holds inline script."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_language_is_offered_in_its_own_name(alice, language):
    client = alice.client()
    client.cookies["django_language"] = language
    html = client.get("/personeel/rooster/").content.decode()
    options = re.findall(r'<option value="(nl|en)" lang="\1"[^>]*>([^<]+)</option>', html)
    assert options == [("nl", "Nederlands"), ("en", "English")]


def test_the_favicon_and_the_site_script_are_our_own(alice):
    html = alice.client().get("/personeel/rooster/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/web/favicon\.svg"', html)
    assert re.search(r'<script src="/static/web/site\.js" defer>', html)


def test_no_template_has_inline_script_or_event_handler_attributes():
    offenders = []
    for template in TEMPLATES.glob("*/templates/**/*.html"):
        text = template.read_text()
        inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text)
        handlers = re.findall(r"\son[a-z]+\s*=", text)
        if inline or handlers:
            offenders.append(f"{template.relative_to(TEMPLATES)}: {inline + handlers}")
    assert offenders == []


def test_the_favicon_browsers_ask_for_is_the_pages_icon(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0].endswith("favicon.svg")
