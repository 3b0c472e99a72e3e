"""In a real browser, on a phone (390 px) and a desktop (1280 px): every page of a shop
(manager and operator), filled as in the demo, neither scrolls sideways nor hides a
control; and the customer's wallet on a phone.

To check another page, add one line to `pages`, `operator_pages` or `wallet_pages`."""

import pytest
from django.contrib.auth import get_user_model

from kassalink.demo.seed import OPERATOR
from kassalink.invoices.actions import BuyerDetails, do_issue_invoice
from kassalink.receipts.models import Receipt
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


def pages(connection_id: int, entry_id: int, receipt_id: int, invoice_id: int) -> list[Page]:
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
        Page("insights day", "/insights/?period=day", (*INSIGHTS, css("#staffing-chart"))),
        Page("insights week", "/insights/?period=week", INSIGHTS),
        Page("insights month", "/insights/?period=month", INSIGHTS),
        Page("receipts", "/kassabonnen/", (button("Zoeken"), link("Facturen"))),
        Page("receipt", f"/kassabonnen/{receipt_id}/", (link("Bon als PDF"),)),
        Page("invoices", "/facturen/", (link("Kassabonnen"), link("Factuurgegevens"))),
        Page("invoice", f"/facturen/{invoice_id}/", (link("Download PDF"), button("Versturen"))),
        Page("invoice settings", "/facturen/instellingen/", (button("Opslaan"),)),
        Page("sales", "/verkoop/", (Control("combobox", "Filiaal"), button("Tonen"))),
        Page(
            "payroll export",
            "/personeel/uren/loonexport/",
            (button("Periode bekijken"), link("Download CSV")),
        ),
        Page(
            "correct entry",
            f"/personeel/uren/{entry_id}/corrigeren/",
            (button("Correctie opslaan"),),
        ),
        Page("digital receipts", f"{SETTINGS}/{connection_id}/digitale-bonnen/"),
    ]


SETTINGS = "/instellingen/app-center/mpluskassa"
INSIGHTS = (
    Control("combobox", "Periode"),
    Control("combobox", "Team"),
    button("Tonen"),
    css("#turnover-chart"),
)


def operator_pages(connection_id: int) -> list[Page]:
    return [
        Page("console", "/operator/", (link("Synchronisaties"), link("Geblokkeerde aanmeldingen"))),
        Page(
            "operator connection",
            f"/operator/koppelingen/{connection_id}/",
            (link("Bewerken"), link("Webhooks"), button("Test verbinding")),
        ),
        Page("runs", "/operator/runs/", (button("Filteren"),)),
        Page("sign-ins", "/operator/aanmeldingen/"),
        Page(
            "webhooks",
            f"/operator/koppelingen/{connection_id}/webhooks/",
            (button("Abonnement aanmaken"),),
        ),
    ]


def invoice_of(receipt: Receipt) -> int:
    buyer = BuyerDetails("Kantoor De Molen B.V.", "Molenweg 1", "3511 AA", "Utrecht")
    return do_issue_invoice(receipt.organization, [receipt.pk], buyer)[0].pk


def test_every_listed_page_fits_a_phone_and_a_desktop(live_server, page, demo_shop):
    owner = demo_shop.connection.organization.memberships.get(role="owner").user
    sign_in(page, live_server.url, owner)
    connection = demo_shop.connection
    entry = TimesheetEntry.objects.filter(connection=connection).first()
    receipt = Receipt.objects.filter(connection=connection, receipt_type="receipt").first()
    listed = pages(connection.pk, entry.pk, receipt.pk, invoice_of(receipt))

    problems = [
        *layout_problems(page, live_server.url, listed, PHONE),
        *layout_problems(page, live_server.url, listed, DESKTOP),
    ]
    sign_in(page, live_server.url, get_user_model().objects.get(username=OPERATOR.username))
    for width in (PHONE, DESKTOP):
        problems += layout_problems(page, live_server.url, operator_pages(connection.pk), width)

    assert problems == [], "\n".join(problems)
