"""In a real browser: a manager adds a shift from the week view and copies last week."""

import pytest

from kassalink.accounts.tests.fixtures import PASSWORD
from kassalink.workforce.tests import shops
from kassalink.workforce.tests.shops import at, department, make_employee, make_shift

alice = shops.alice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_adds_a_shift_and_copies_last_week(live_server, page, alice):
    sanne, piet = make_employee(alice, "Sanne"), make_employee(alice, "Piet")
    # Last week (the DST week) Sanne worked Tuesday morning.
    make_shift(sanne, at("2026-03-24", "08:00"), at("2026-03-24", "12:00"))

    page.goto(live_server.url + "/login/")
    page.get_by_label("E-mailadres").fill(alice.manager.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server.url}/personeel/rooster/?week=2026-W14&afdeling={department(alice).pk}")
    page.get_by_role("heading", name="Rooster · week 14 2026").wait_for()

    # Piet gets a shift on Wednesday 1 April from the "+" in his row.
    page.get_by_role("link", name="Dienst toevoegen voor Piet Jansen op woensdag 1 april").click()
    page.get_by_label("Begintijd").fill("10:00")
    page.get_by_label("Eindtijd").fill("14:30")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("status").filter(has_text="Dienst voor Piet Jansen toegevoegd.").wait_for()
    piets_row = page.get_by_test_id(f"roster-row-{piet.pk}")
    assert piets_row.locator('[data-day="2026-04-01"]').inner_text().startswith("10:00–14:30")

    # Kopieer vorige week brings Sanne's Tuesday; pressing it again adds nothing.
    page.get_by_role("button", name="Kopieer vorige week").click()
    page.get_by_role("status").filter(has_text="1 dienst van vorige week gekopieerd.").wait_for()
    sannes_row = page.get_by_test_id(f"roster-row-{sanne.pk}")
    assert sannes_row.locator('[data-day="2026-03-31"]').inner_text().startswith("08:00–12:00")
    page.get_by_role("button", name="Kopieer vorige week").click()
    page.get_by_role("status").filter(has_text="1 stond er al").wait_for()
    assert sannes_row.locator(".shift").count() == 1
