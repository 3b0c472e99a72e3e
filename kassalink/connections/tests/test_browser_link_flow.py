"""In a real browser: the shop requests the link, the operator sets it up against the
simulator, tests and activates it, and the shop sees it active with gear and mapping,
starts the first sync and sees its runs."""

import re

import pytest

from kassalink.accounts.tests.fixtures import PASSWORD
from kassalink.sync.models import SyncRun

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("heading", name="Inloggen").wait_for()


def test_request_set_up_test_activate_sync(live_server, page, alice, operator, simulator, settings):
    # No worker runs here: "Nu synchroniseren" runs the streams inside the web request.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    url = live_server.url

    # The shop asks for the link in Instellingen › App center › MplusKASSA.
    log_in(page, url, alice.owner.email)
    page.get_by_role("heading", name="App center").wait_for()
    page.get_by_role("link", name="MplusKASSA").click()
    page.get_by_role("link", name="Aanvragen", exact=True).click()
    page.get_by_label("Contactpersoon").fill("Alice de Vries")
    page.get_by_label("Telefoonnummer").fill("06 12345678")
    page.get_by_label("Bericht").fill("Graag voor het filiaal in het centrum.")
    page.get_by_role("button", name="Aanvragen").click()
    page.get_by_role("status").filter(
        has_text="Aangevraagd — wij nemen contact met je op."
    ).first.wait_for()
    log_out(page)

    # The operator sets it up with the simulator's port.
    log_in(page, url, operator.email)
    page.get_by_role("heading", name="Operator").wait_for()
    page.get_by_role("link", name="Koppeling instellen").click()
    page.get_by_label("Poort").fill(str(simulator.port))
    page.get_by_label("Koppelnaam").fill("Winkel Centrum")
    page.get_by_label("host").fill("127.0.0.1")
    page.get_by_label("Protocol").select_option("http")
    page.get_by_label("ident").fill("demo")
    page.get_by_label("secret").fill("demo")
    page.get_by_role("button", name="Sectoren ophalen").click()
    page.get_by_label(re.compile(r"\b1 · ")).check()
    page.get_by_role("button", name="Opslaan").click()

    # Test verbinding: version and branches.
    page.get_by_role("button", name="Test verbinding").click()
    result = page.get_by_test_id("probe-result")
    result.get_by_text("Verbinding werkt").wait_for()
    assert "API-versie" in result.inner_text()
    assert re.search(r"3 · \w+", result.inner_text())

    page.get_by_role("button", name="Activeren").click()
    page.get_by_text("Koppeling geactiveerd").wait_for()
    # Activating queued the first runs at once (with no worker here, in the request).
    first = SyncRun.objects.filter(stream="receipts", status=SyncRun.Status.SUCCEEDED)
    assert first.get().created > 0
    log_out(page)

    # The shop sees it active, with the gear and the two arrows.
    log_in(page, url, alice.owner.email)
    tile = page.get_by_test_id("tile-mpluskassa")
    assert tile.locator("[data-state]").inner_text() == "actief"
    tile.get_by_role("link", name="Instellingen van Winkel Centrum").wait_for()
    tile.get_by_role("link", name="Koppelen van Winkel Centrum").click()
    for tab in ("Medewerkers", "Kloktijden", "Omzet"):
        page.get_by_role("tab", name=tab).wait_for()
    page.get_by_role("tab", name="Omzet").click()
    page.get_by_label("Omzet importeren:", exact=True).check()
    page.get_by_label("exclusief btw").check()
    page.get_by_label("team voor omzet").select_option(label=str(alice.team))
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("status").filter(has_text="Omzetinstellingen opgeslagen.").wait_for()
    assert page.get_by_label("exclusief btw").is_checked()

    # The first sync: the gear page's button, then the runs per stream on the same page.
    page.get_by_role("link", name="← MplusKASSA").click()
    page.get_by_role("link", name="Instellingen van Winkel Centrum").click()
    page.get_by_role("button", name="Nu synchroniseren").click()
    page.get_by_role("status").filter(
        has_text="Synchronisatie gestart voor: Kassabonnen, Medewerkers, Kloktijden, Omzet."
    ).wait_for()
    runs = page.locator("table.sync-runs tbody tr")
    for stream in ("receipts", "employees", "clock_times", "turnover"):
        row = runs.and_(page.locator(f"[data-stream={stream}]")).first  # the newest
        assert row.get_attribute("data-status") == "succeeded", row.inner_text()
    for stream in ("receipts", "employees"):
        created = runs.and_(page.locator(f"[data-stream={stream}]")).locator("[data-count=created]")
        assert max(map(int, created.all_inner_texts())) > 0, stream
    health = page.locator(".sync-health")
    assert health.locator(".health-failing").count() == 0
    assert health.get_by_text("in orde").count() == 4

    # They ran in this process, when the button was pressed, not on some worker later.
    manual = SyncRun.objects.filter(trigger=SyncRun.Trigger.MANUAL)
    assert set(manual.values_list("stream", flat=True)) == {
        "receipts",
        "employees",
        "clock_times",
        "turnover",
    }
