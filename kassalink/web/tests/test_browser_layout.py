"""In a real browser, on a phone (390 px) and a desktop (1280 px): every page of a shop
(manager and operator), filled as in the demo, neither scrolls sideways nor hides a
control; and the customer's wallet on a phone.

To check another page, add one line to `pages`, `operator_pages` or `wallet_pages`."""

import pytest
from django.contrib.auth import get_user_model

from kassalink.demo.seed import OPERATOR
from kassalink.demo.wallet import seed_customer
from kassalink.invoices.actions import BuyerDetails, do_issue_invoice
from kassalink.receipts.models import Receipt
from kassalink.wallet.models import PosSession, WalletEntry, hash_token
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


def wallet_pages(entry_id: int, claim_token: str) -> list[Page]:
    return [
        Page(
            "wallet",
            "/portemonnee/",
            (link("Toon mijn code"), button("Zoeken"), button("Selectie als CSV")),
        ),
        Page("wallet code", "/portemonnee/code/", (css("[data-testid=qr]"),)),
        Page(
            "wallet receipt",
            f"/portemonnee/bonnen/{entry_id}/",
            (link("PDF downloaden"), button("Deellink maken")),
        ),
        Page(
            "wallet privacy",
            "/portemonnee/privacy/",
            (link("Alles downloaden (JSON)"), button("Account verwijderen")),
        ),
        Page(
            "claim",
            f"/bon/{claim_token}/",
            (link("PDF downloaden"), button("Bewaar in mijn bonnenportemonnee")),
        ),
    ]


def test_the_wallet_fits_a_phone(live_server, page, demo_shop):
    connection = demo_shop.connection
    customer = seed_customer()
    kept, *_, unclaimed = Receipt.objects.filter(connection=connection, receipt_type="receipt")[:5]
    entry = WalletEntry.objects.create(
        customer=customer, receipt=kept, source=WalletEntry.Source.SCANNED
    )
    PosSession.objects.create(
        connection=connection, session_id="s-claim", branch_number=1, workplace_number=1,
        started_at=unclaimed.entry_at, completed_at=unclaimed.entry_at, receipt=unclaimed,
        claim_hash=hash_token("claim-me"),
    )  # fmt: skip
    sign_in(page, live_server.url, customer.user)
    wallet = (link("Mijn code"), link("Privacy"))

    problems = layout_problems(
        page, live_server.url, wallet_pages(entry.pk, "claim-me"), PHONE, every_page=wallet
    )

    assert problems == [], "\n".join(problems)
