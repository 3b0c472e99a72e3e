"""In a real browser, on a phone (390 px) and a desktop (1280 px): the pages a manager
uses every week, filled as in the demo, neither scroll sideways nor hide a control.

To check another page, add one line to `pages`."""

import pytest
from django.utils import timezone

from kassalink.demo.seed import seed_demo_shop
from kassalink.demo.staff import DEMO_SEED
from kassalink.mplus.simulator import Simulator, serve_in_thread
from kassalink.mplus.simulator.soap_time import AMSTERDAM
from kassalink.sync.models import SyncRun
from kassalink.sync.runner import run_stream
from kassalink.web.tests.layout import (
    DESKTOP,
    PHONE,
    Control,
    Page,
    button,
    css,
    layout_problems,
    link,
    sign_in,
)
from kassalink.workforce.models import TimesheetEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_shop():
    """The demo bakery with a few days of clock times and the MplusKASSA employees."""
    start = timezone.now().astimezone(AMSTERDAM).replace(microsecond=0)
    sim = Simulator(seed=DEMO_SEED, start=start, history_days=3)
    with serve_in_thread(sim) as server:
        shop = seed_demo_shop(server.port, start)
        for stream in ("employees", "clock_times"):
            run = run_stream(shop.connection.pk, stream, SyncRun.Trigger.CLI)
            assert run.status == SyncRun.Status.SUCCEEDED, run.error
    return shop


def pages(connection_id: int, entry_id: int) -> list[Page]:
    mapping = f"/instellingen/app-center/mpluskassa/{connection_id}/koppelen"
    tabs = (Control("tab", "Medewerkers"), Control("tab", "Kloktijden"), Control("tab", "Omzet"))
    return [
        Page(
            "roster",
            "/personeel/rooster/",
            (
                link("Vorige week"),
                button("Kopieer vorige week"),
                css(".roster .shift", in_view=True),
            ),
        ),
        Page(
            "timesheets",
            "/personeel/uren/",
            (button("Filteren"), button("Goedkeuren"), link("Exporteer CSV")),
        ),
        Page("clocked in now", "/personeel/nu/", (link("Urenregistratie"),)),
        Page("employees", "/personeel/medewerkers/", (link("Medewerker toevoegen"),)),
        Page("departments", "/personeel/afdelingen/", (link("Afdeling toevoegen"),)),
        Page("entry", f"/personeel/uren/{entry_id}/", (link("Urenregistratie"),)),
        Page(
            "mplus", "/instellingen/app-center/mpluskassa/", (link("Nog een koppeling aanvragen"),)
        ),
        Page("mapping employees", f"{mapping}/medewerkers/", (*tabs, button("Opslaan"))),
        Page("mapping cost centers", f"{mapping}/kloktijden/", (*tabs, button("Opslaan"))),
        Page("mapping turnover", f"{mapping}/omzet/", (*tabs, button("Opslaan"))),
        Page(
            "app center",
            "/instellingen/app-center/",
            (link("Instellingen van Winkel Centrum"), link("Koppelen van Winkel Centrum")),
        ),
        Page(
            "connection settings",
            f"/instellingen/app-center/mpluskassa/{connection_id}/instellingen/",
            (button("Nu synchroniseren"), Control("textbox", "Koppelnaam")),
        ),
    ]


def test_every_listed_page_fits_a_phone_and_a_desktop(live_server, page, demo_shop):
    owner = demo_shop.connection.organization.memberships.get(role="owner").user
    sign_in(page, live_server.url, owner)
    entry = TimesheetEntry.objects.filter(connection=demo_shop.connection).first()
    listed = pages(demo_shop.connection.pk, entry.pk)

    problems = [
        *layout_problems(page, live_server.url, listed, PHONE),
        *layout_problems(page, live_server.url, listed, DESKTOP),
    ]

    assert problems == [], "\n".join(problems)
