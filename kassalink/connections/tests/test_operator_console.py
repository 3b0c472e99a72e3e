"""/operator/: staff only; link requests newest first, failing connections first."""

import pytest
from django.urls import reverse

from kassalink.connections.models import Connection
from kassalink.connections.tests.conftest import make_connection, make_link_request

pytestmark = pytest.mark.django_db


def test_merchants_get_404(alice):
    assert alice.client().get(reverse("operator_console")).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("operator_console"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_requests_newest_first_with_their_state(operator_client, alice, bob):
    make_link_request(alice, contact_name="Alice A")
    make_link_request(bob, contact_name="Bob B")
    response = operator_client.get(reverse("operator_console"))
    names = [r.contact_name for r in response.context["link_requests"]]
    assert names == ["Bob B", "Alice A"]
    assert "Koppeling instellen" in response.content.decode()


def test_failing_connections_come_first(operator_client, alice, bob):
    make_connection(alice, name="Gezond")
    make_connection(bob, name="Kapot", status=Connection.Status.NEEDS_ATTENTION)
    make_connection(alice, name="Nieuw", status=Connection.Status.DRAFT)
    response = operator_client.get(reverse("operator_console"))
    names = [c.name for c, _state in response.context["connections"]]
    assert names == ["Kapot", "Nieuw", "Gezond"]
    html = response.content.decode()
    assert "Alice&#x27;s shop" in html and "Bob&#x27;s shop" in html


def test_home_sends_operators_to_the_console_and_merchants_to_the_app_center(
    operator_client, alice
):
    assert operator_client.get("/")["Location"] == reverse("operator_console")
    assert alice.client().get("/")["Location"] == reverse("app_center")


def test_sync_health_shows_per_connection(operator_client, alice, alice_connection):
    console = operator_client.get(reverse("operator_console")).content.decode()
    assert "Kloktijden" in console  # one badge per stream
    detail = operator_client.get(reverse("operator_connection", args=[alice_connection.pk]))
    assert "Synchronisatie" in detail.content.decode()
