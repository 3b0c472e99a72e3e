"""In a real browser on a phone (390 px): a manager corrects a forgotten clock-out,
approves the week with select-all and looks at the payroll export; no page scrolls
sideways and every control is reachable."""

import pytest

from kassalink.accounts.tests.fixtures import PASSWORD
from kassalink.workforce.models import TimesheetEntry
from kassalink.workforce.tests import shops
from kassalink.workforce.tests.shops import (
    at,
    make_connection,
    make_employee,
    make_entry,
    make_imported_entry,
    make_shift,
)

alice = shops.alice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


# The page frame (top bar, sidebar) is the shared layout's, made phone-ready and tested
# with the shared CSS; here it is stacked the way a phone shows it, so this test checks
# what these pages add: nothing in them is wider than the phone.
def fits(page) -> None:
    """The page never scrolls sideways (a wide table scrolls inside its own box)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a 390px screen"


def reachable(locator) -> None:
    """A control lies fully on the phone's screen horizontally."""
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_correct_approve_and_export_on_a_phone(live_server, page, alice):
    page.set_viewport_size(PHONE)
    sanne, piet = make_employee(alice, "Sanne"), make_employee(alice, "Piet")
    make_shift(sanne, at("2026-03-10", "16:00"), at("2026-03-10", "21:30"))
    forgotten = make_imported_entry(
        sanne,
        make_connection(alice),
        at("2026-03-10", "16:04"),
        None,
        pos_start=at("2026-03-10", "16:04"),
    )
    done = make_entry(piet, at("2026-03-10", "09:00"), at("2026-03-10", "13:00"))

    page.goto(live_server.url + "/login/")
    page.get_by_label("E-mailadres").fill(alice.manager.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.goto(f"{live_server.url}/personeel/uren/{forgotten.pk}/")
    fits(page)
    correct = page.get_by_role("link", name="Corrigeren")
    reachable(correct)
    correct.click()
    fits(page)
    page.get_by_label("Eindtijd").fill("21:30")
    page.get_by_label("Reden").fill("Vergeten uit te klokken")
    reachable(page.get_by_role("button", name="Correctie opslaan"))
    page.get_by_role("button", name="Correctie opslaan").click()
    page.get_by_role("status").filter(has_text="Uren van Sanne Jansen gecorrigeerd.").wait_for()
    assert "Vergeten uit te klokken" in page.get_by_test_id("corrections").inner_text()
    assert "16:04" in page.get_by_test_id("pos-times").inner_text()
    fits(page)

    page.goto(f"{live_server.url}/personeel/uren/?week=2026-W11")
    fits(page)
    select_all = page.get_by_label("Alles kiezen")
    select_all.check()
    assert page.locator('input[name="ids"]:checked').count() == 2
    page.get_by_role("button", name="Goedkeuren").click()
    page.get_by_role("status").filter(has_text="2 registraties goedgekeurd.").wait_for()
    states = set(
        TimesheetEntry.objects.filter(pk__in=[forgotten.pk, done.pk]).values_list(
            "state", flat=True
        )
    )
    assert states == {TimesheetEntry.State.APPROVED}

    page.goto(f"{live_server.url}/personeel/uren/loonexport/?van=2026-03-01&tot=2026-03-31")
    fits(page)
    download = page.get_by_test_id("export-download")
    reachable(download)
    assert "2 goedgekeurde registraties" in page.get_by_test_id("export-summary").inner_text()
    assert page.get_by_test_id("export-warning").count() == 0
