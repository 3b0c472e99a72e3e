"""Instellingen › App center: the MplusKASSA tile and page, with its state."""

import pytest
from django.urls import reverse

from kassalink.connections.models import Connection
from kassalink.connections.tests.conftest import make_connection, make_link_request

pytestmark = pytest.mark.django_db


def state_of(response) -> str:
    return response.context["mplus_state"].code


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("app_center"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_new_shop_sees_the_link_available_with_aanvragen(alice):
    response = alice.client().get(reverse("app_center_mplus"))
    assert state_of(response) == "available"
    assert "Aanvragen" in response.content.decode()


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_owner_and_manager_both_use_the_app_center(alice, role):
    response = alice.client(role).get(reverse("app_center"))
    assert response.status_code == 200
    assert b"MplusKASSA" in response.content


def test_after_a_request_the_tile_says_aangevraagd(alice):
    make_link_request(alice)
    response = alice.client().get(reverse("app_center_mplus"))
    assert state_of(response) == "requested"
    assert "Aangevraagd — wij nemen contact met je op." in response.content.decode()


def test_a_connection_in_preparation_shows_no_gear_yet(alice):
    connection = make_connection(alice, status=Connection.Status.DRAFT)
    response = alice.client().get(reverse("app_center"))
    assert state_of(response) == "preparing"
    assert reverse("app_center_settings", args=[connection.pk]) not in response.content.decode()


def test_an_active_connection_shows_the_gear_and_the_mapping_icon(alice, alice_connection):
    response = alice.client().get(reverse("app_center"))
    html = response.content.decode()
    assert state_of(response) == "active"
    assert reverse("app_center_settings", args=[alice_connection.pk]) in html
    assert reverse("app_center_mapping", args=[alice_connection.pk]) in html


def test_a_failing_connection_says_actie_nodig(alice):
    make_connection(alice, status=Connection.Status.NEEDS_ATTENTION, status_reason="ident fout")
    response = alice.client().get(reverse("app_center_mplus"))
    assert state_of(response) == "needs_attention"
    assert "actie nodig" in response.content.decode()


def test_bob_does_not_see_alices_connection_or_request(alice, bob, alice_connection):
    make_link_request(alice, contact_name="Alice Requester")
    response = bob.client().get(reverse("app_center_mplus"))
    html = response.content.decode()
    assert state_of(response) == "available"
    assert alice_connection.name not in html
    assert "Alice Requester" not in html


def test_a_user_without_a_shop_gets_404(operator_client):
    assert operator_client.get(reverse("app_center")).status_code == 404


def test_english_interface(alice):
    client = alice.client()
    client.cookies["django_language"] = "en"
    response = client.get(reverse("app_center_mplus"))
    assert "Request" in response.content.decode()
