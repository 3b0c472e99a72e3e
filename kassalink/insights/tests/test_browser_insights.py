"""In a real browser, on the demo shop fed by the simulator through the receipts stream:
the owner opens Inzichten, the chart's total is the database's, and the page works at
390 px as well as on a desktop; today's view moves by itself with a new sale."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from kassalink.accounts.tests.fixtures import PASSWORD
from kassalink.demo.seed import OWNER, seed_demo_shop
from kassalink.insights.page import Choice, chart_total_in_database
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.tests.sales import bread, sale
from kassalink.sync.runner import run_stream
from kassalink.tests.pos_fixtures import SIMULATOR_START

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SATURDAY = dt.date(2026, 3, 28)


def log_in(page, base_url: str) -> None:
    page.goto(base_url + "/login/")
    page.get_by_label("E-mailadres").fill(OWNER.username)
    page.get_by_label("Wachtwoord").fill(OWNER.password)
    page.get_by_role("button", name="Inloggen").click()


# Everything of the page's own content fits the window; a wide table scrolls inside its
# card. (The top bar shared by every page is issue #10's: it collapses separately.)
FITS = """() => [...document.querySelectorAll('main *')].every(element => {
    const box = element.closest('.table-scroll');
    if (box && box !== element) return true;
    return element.getBoundingClientRect().right <= window.innerWidth + 1;
})"""


def no_sideways_scroll(page) -> bool:
    return page.evaluate(FITS)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_owner_reads_insights_and_the_chart_adds_up(live_server, page, simulator, width):
    _sim, client = simulator
    shop = seed_demo_shop(client.port, SIMULATOR_START)
    run = run_stream(shop.connection.pk, "receipts", "cli")
    assert run.status == "succeeded" and run.created > 0
    organization = shop.connection.organization

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url)
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():  # on a phone the navigation folds behind the Menu button
        menu.click()
    page.get_by_role("link", name="Inzichten").click()
    page.get_by_role("heading", name="Inzichten").wait_for()

    page.goto(f"{live_server.url}/insights/?period=day&date={SATURDAY}&chart=hour")
    page.locator("html[data-charts-drawn='2']").wait_for()
    shown = int(
        page.get_by_test_id("chart-total").locator("[data-cents]").get_attribute("data-cents")
    )
    day = Choice("day", SATURDAY, None, None, None, "hour")
    assert shown == chart_total_in_database(organization, day) > 0
    canvas_total = page.evaluate(
        "Chart.getChart('turnover-chart').data.datasets[0].data.reduce((a, b) => a + b, 0)"
    )
    assert canvas_total == shown
    assert page.get_by_test_id("staffing").locator("tbody tr").count() > 0
    assert no_sideways_scroll(page)

    page.get_by_label("Periode", exact=False).and_(page.locator("select")).select_option("week")
    page.get_by_role("button", name="Tonen").click()
    page.locator("html[data-charts-drawn='1']").wait_for()
    week = Choice("week", SATURDAY, None, None, None, "day")
    shown = int(
        page.get_by_test_id("chart-total").locator("[data-cents]").get_attribute("data-cents")
    )
    assert shown == chart_total_in_database(organization, week)
    assert no_sideways_scroll(page)
    page.get_by_role("button", name="Tonen").scroll_into_view_if_needed()
    assert page.get_by_role("button", name="Tonen").is_visible()


def test_todays_view_moves_with_a_new_sale(live_server, page, alice, alice_shop):
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        import_receipts(alice, [sale(now, (bread(),), marker=1)])
    page.goto(live_server.url + "/login/")
    page.get_by_label("E-mailadres").fill(alice_shop.owner.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(live_server.url + "/insights/")
    total = page.get_by_test_id("chart-total").locator("[data-cents]")
    assert total.get_attribute("data-cents") == "395"

    with transaction.atomic():  # the receipts stream brings in the next sale
        import_receipts(alice, [sale(now, (bread("2"),), marker=2)])

    page.locator("[data-testid=chart-total] [data-cents='1185']").wait_for(timeout=25_000)
    drawn = page.evaluate(
        "Chart.getChart('turnover-chart').data.datasets[0].data.reduce((a, b) => a + b, 0)"
    )
    assert drawn == 1185
