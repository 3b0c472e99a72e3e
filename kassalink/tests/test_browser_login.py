"""A person logs in with a real browser and switches the interface to English."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_in_dutch_then_switch_to_english(live_server, page):
    get_user_model().objects.create_user("eva@example.nl", "eva@example.nl", "lang-wachtwoord-1")
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="Inloggen").is_visible()
    page.get_by_label("E-mailadres").fill("Eva@Example.nl")
    page.get_by_label("Wachtwoord").fill("lang-wachtwoord-1")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Welkom bij kassalink").wait_for()
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Log out").wait_for()
