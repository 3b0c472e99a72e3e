"""403 and 404 in the product's own style and the reader's language, for everyone: never
a bare "Not Found" nor Django admin's login."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_ours_in_dutch():
    response = Client().get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html and "web/site.css" in html
    assert "Not Found" not in html


def test_a_missing_page_in_english():
    client = Client()
    client.cookies["django_language"] = "en"
    html = client.get("/bestaat-niet/").content.decode()
    assert "Page not found" in html and 'lang="en"' in html


@pytest.mark.parametrize("path", ["/outbox/", "/operator/runs/", "/operator/"])
def test_a_merchant_on_an_operator_page_gets_our_404_not_the_admin_login(alice, path):
    response = alice.client().get(path)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@pytest.mark.parametrize("path", ["/outbox/", "/operator/runs/"])
def test_signed_out_an_operator_page_leads_to_our_login(path):
    response = Client().get(path)
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_a_form_without_its_token_gets_our_page(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.owner)
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()


def test_empty_pages_say_what_to_do_next(alice):
    client = alice.client()
    employees = client.get("/personeel/medewerkers/").content.decode()
    timesheets = client.get("/personeel/uren/").content.decode()
    assert "Voeg ze toe met Medewerker toevoegen" in employees
    assert "Kies een andere week of zet de filters op Alle" in timesheets
    assert "Nog geen gewerkte uren in deze week." in timesheets
