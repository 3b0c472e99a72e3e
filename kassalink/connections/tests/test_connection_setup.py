"""The operator sets up a connection from a request: the seed's fields, a write-only
secret, Sectoren fetched from the account, Test verbinding and Activeren."""

import pytest
from django.core import mail
from django.urls import reverse

from kassalink.connections.models import Connection, LinkRequest
from kassalink.connections.tests.conftest import closed_port, make_connection, make_link_request

pytestmark = pytest.mark.django_db


def setup_data(port: int, team, **overrides) -> dict:
    return {
        "port": port,
        "name": "Winkel Centrum",
        "host": "127.0.0.1",
        "scheme": "http",
        "ident": "demo",
        "secret": "demo",
        "branches": ["1", "3"],
        "import_notification_email": "import@alice.test",
        "turnover_notification_email": "omzet@alice.test",
        **overrides,
    }


def test_setting_up_a_request_creates_a_connection_in_preparation(operator_client, alice):
    link_request = make_link_request(alice)
    url = reverse("operator_request", args=[link_request.pk])
    response = operator_client.post(url, setup_data(44123, alice.team))
    connection = Connection.objects.get()
    assert response["Location"] == reverse("operator_connection", args=[connection.pk])
    assert connection.organization == alice.organization
    assert connection.link_request == link_request
    assert connection.status == Connection.Status.DRAFT
    assert (connection.port, connection.ident, connection.secret) == (44123, "demo", "demo")
    assert connection.branches == [1, 3]
    assert connection.turnover_notification_email == "omzet@alice.test"
    # a request that has a connection goes straight to it
    assert operator_client.get(url)["Location"] == response["Location"]


def test_the_form_starts_from_the_request(operator_client, alice):
    link_request = make_link_request(alice, email="contact@alice.test")
    response = operator_client.get(reverse("operator_request", args=[link_request.pk]))
    form = response.context["form"]
    assert form.initial["host"] == "api.mpluskassa.nl"
    assert form.initial["import_notification_email"] == "contact@alice.test"
    assert form.initial["name"] == f"MplusKASSA {alice.organization.name}"  # says which shop
    for label in ("Poort", "Koppelnaam", "Sectoren"):
        assert label in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("port", ""), ("port", "70000"), ("secret", ""), ("ident", ""), ("scheme", "ftp")],
)
def test_bad_input_names_the_field_and_stores_nothing(operator_client, alice, field, value):
    link_request = make_link_request(alice)
    data = {**setup_data(44123, alice.team), field: value}
    response = operator_client.post(reverse("operator_request", args=[link_request.pk]), data)
    assert field in response.context["form"].errors
    assert not Connection.objects.exists()


def test_the_secret_is_never_shown_and_kept_when_left_empty(operator_client, alice):
    connection = make_connection(alice, ident="ident-geheim", secret="zeer-geheim")
    url = reverse("operator_connection_edit", args=[connection.pk])
    html = operator_client.get(url).content.decode()
    assert "zeer-geheim" not in html and "ident-geheim" not in html
    assert "•••• opgeslagen" in html
    operator_client.post(url, setup_data(1234, alice.team, ident="", secret=""))
    connection.refresh_from_db()
    assert (connection.port, connection.ident, connection.secret) == (
        1234,
        "ident-geheim",
        "zeer-geheim",
    )
    detail = operator_client.get(reverse("operator_connection", args=[connection.pk]))
    assert "zeer-geheim" not in detail.content.decode()


def test_a_new_secret_replaces_the_old(operator_client, alice):
    connection = make_connection(alice, secret="oud")
    url = reverse("operator_connection_edit", args=[connection.pk])
    operator_client.post(url, setup_data(1234, alice.team, secret="nieuw"))
    connection.refresh_from_db()
    assert connection.secret == "nieuw"


def test_sectoren_are_fetched_from_the_account(operator_client, alice, simulator):
    data = setup_data(simulator.port, alice.team, branches=["3"])
    response = operator_client.post(reverse("operator_fetch_branches"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="1"' in html and 'value="2"' in html
    assert 'value="3"' in html and "checked" in html
    assert html.count("checked") == 1


def test_fetching_sectoren_on_an_edit_uses_the_stored_secret(operator_client, alice, simulator):
    connection = make_connection(alice, port=simulator.port)
    url = reverse("operator_connection_branches", args=[connection.pk])
    response = operator_client.post(url, setup_data(simulator.port, alice.team, secret=""))
    assert 'value="2"' in response.content.decode()


def test_fetching_sectoren_explains_a_failure(operator_client, alice):
    data = setup_data(closed_port(), alice.team)
    response = operator_client.post(reverse("operator_fetch_branches"), data)
    assert "Klopt de poort?" in response.content.decode()


def test_test_verbinding_shows_version_and_branches(operator_client, alice, simulator):
    connection = make_connection(alice, port=simulator.port, status=Connection.Status.DRAFT)
    url = reverse("operator_connection_test", args=[connection.pk])
    response = operator_client.post(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Verbinding werkt" in html
    assert "API-versie" in html
    assert "1 · " in html and "3 · " in html


def test_test_verbinding_names_wrong_credentials(operator_client, alice, simulator):
    connection = make_connection(alice, port=simulator.port, secret="fout")
    url = reverse("operator_connection_test", args=[connection.pk])
    html = operator_client.post(url).content.decode()  # without htmx: the whole page
    assert "Verbinding mislukt" in html
    assert "ident of secret klopt niet" in html


def test_activeren_switches_it_on_and_emails_the_shop(
    operator_client, alice, django_capture_on_commit_callbacks
):
    link_request = make_link_request(alice, email="contact@alice.test")
    connection = make_connection(alice, status=Connection.Status.DRAFT, link_request=link_request)
    url = reverse("operator_connection_activate", args=[connection.pk])
    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(url)
    connection.refresh_from_db()
    link_request.refresh_from_db()
    assert connection.status == Connection.Status.ACTIVE
    assert connection.activated_at is not None
    assert link_request.status == LinkRequest.Status.CONNECTED
    [message] = mail.outbox
    assert set(message.to) == {"alice@example.com", "contact@alice.test"}
    assert "actief" in message.subject


def test_activating_twice_sends_one_email(
    operator_client, alice, alice_connection, django_capture_on_commit_callbacks
):
    url = reverse("operator_connection_activate", args=[alice_connection.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(url, follow=True)
    assert "al actief" in response.content.decode()
    assert not mail.outbox
