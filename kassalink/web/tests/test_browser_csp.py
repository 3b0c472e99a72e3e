"""The main pages in a real browser under the Content-Security-Policy: nothing refused."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from kassalink.accounts.tests.fixtures import PASSWORD, make_shop, make_user
from kassalink.connections.tests.conftest import make_connection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MERCHANT_PAGES = [
    "app_center",
    "workforce_roster",
    "workforce_timesheets",
    "workforce_employees",
    "workforce_departments",
    "workforce_now",
    "api_tokens",
]
OPERATOR_PAGES = ["operator_console", "operator_runs", "operator_lockouts", "outbox"]


def sign_in(page, base: str, email: str) -> list[str]:
    """Signs in and returns the list that collects every CSP complaint from now on."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(base + reverse("login"))
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")
    return refused


def test_merchant_pages_raise_no_csp_violation(live_server, page):
    shop = make_shop("alice", "Alice's shop")
    connection = make_connection(shop)
    refused = sign_in(page, live_server.url, "alice@example.com")
    for name in MERCHANT_PAGES:
        page.goto(live_server.url + reverse(name))
        page.wait_for_load_state("networkidle")
    page.goto(live_server.url + reverse("app_center_mplus"))
    # The roster's department menu and the language menu send their form by site.js.
    page.goto(live_server.url + reverse("workforce_roster"))
    page.get_by_label("Taal").select_option("en")
    # The choice is a form post and a redirect back: wait for the English page itself.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert connection.pk
    assert refused == []


def test_operator_pages_raise_no_csp_violation(live_server, page):
    make_connection(make_shop("alice", "Alice's shop"))
    make_user("beheer@example.com", staff=True)
    refused = sign_in(page, live_server.url, "beheer@example.com")
    for name in OPERATOR_PAGES:
        page.goto(live_server.url + reverse(name))
        page.wait_for_load_state("networkidle")
    assert refused == []


def test_the_lockout_page_fits_a_phone(live_server, page, settings):
    settings.AXES_FAILURE_LIMIT = 1
    make_shop("alice", "Alice's shop")
    page.set_viewport_size({"width": 390, "height": 800})
    for _ in range(2):
        page.goto(live_server.url + reverse("login"))
        page.get_by_label("E-mailadres").fill("alice@example.com")
        page.get_by_label("Wachtwoord").fill("verkeerd")
        page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Inloggen even geblokkeerd").wait_for()
    # The message itself fits (the site's header at 390 px is issue 10's phone work).
    box = page.get_by_role("alert").bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390


def test_every_page_of_a_demo_shop_raises_no_csp_violation(live_server, page, demo_shop):
    """The pages the layout check lists (Insights with its charts, receipts, invoices,
    sales, payroll export, the operator's and the customer's pages) under the policy."""
    from kassalink.demo.seed import OPERATOR
    from kassalink.demo.wallet import seed_customer
    from kassalink.receipts.models import Receipt
    from kassalink.wallet.models import WalletEntry
    from kassalink.web.tests import layout
    from kassalink.web.tests.test_browser_layout import (
        invoice_of,
        operator_pages,
        pages,
        wallet_pages,
    )
    from kassalink.workforce.models import TimesheetEntry

    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    connection = demo_shop.connection
    entry = TimesheetEntry.objects.filter(connection=connection).first()
    receipt = Receipt.objects.filter(connection=connection, receipt_type="receipt").first()
    customer = seed_customer()
    kept = WalletEntry.objects.create(
        customer=customer, receipt=receipt, source=WalletEntry.Source.SCANNED
    )
    owner = connection.organization.memberships.get(role="owner").user
    operator = get_user_model().objects.get(username=OPERATOR.username)
    groups = [
        (owner, pages(connection.pk, entry.pk, receipt.pk, invoice_of(receipt))),
        (operator, operator_pages(connection.pk)),
        (customer.user, wallet_pages(kept.pk, "no-such-claim")[:-1]),
    ]
    for user, listed in groups:
        layout.sign_in(page, live_server.url, user)
        for listed_page in listed:
            page.goto(live_server.url + listed_page.path)
            page.wait_for_load_state("networkidle")
    # Insights drew its charts (Chart.js from the installation, data from json_script).
    page_with_charts = live_server.url + "/insights/?period=day"
    layout.sign_in(page, live_server.url, owner)
    page.goto(page_with_charts)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof Chart") == "function"
    assert page.evaluate("!!Chart.getChart(document.getElementById('turnover-chart'))")
    assert page.evaluate("!!Chart.getChart(document.getElementById('staffing-chart'))")

    assert refused == []
