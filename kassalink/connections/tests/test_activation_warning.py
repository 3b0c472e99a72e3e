"""Activeren warns, without blocking, when the last Test verbinding failed or never ran."""

import pytest
from django.test import Client
from django.urls import reverse

from kassalink.accounts.actions import do_create_api_token
from kassalink.connections.actions import do_test_connection, do_update_connection
from kassalink.connections.models import Connection
from kassalink.connections.tests.conftest import make_connection
from kassalink.connections.tests.test_connection_setup import setup_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(alice, simulator) -> Connection:
    return make_connection(alice, port=simulator.port, status=Connection.Status.DRAFT)


def page(client, connection: Connection) -> str:
    return client.get(reverse("operator_connection", args=[connection.pk])).content.decode()


def test_an_untested_connection_warns_beside_activeren(operator_client, draft):
    assert "nog niet getest" in page(operator_client, draft)


def test_a_good_test_removes_the_warning(operator_client, draft):
    url = reverse("operator_connection_test", args=[draft.pk])
    html = operator_client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="activation-warning" hx-swap-oob="true"></div>' in html  # emptied in place
    draft.refresh_from_db()
    assert draft.test_ok is True and draft.tested_at is not None
    assert "nog niet getest" not in page(operator_client, draft)
    assert "mislukt" not in page(operator_client, draft)


def test_a_failed_test_warns_with_its_time(operator_client, draft):
    draft.secret = "fout"
    draft.save()
    url = reverse("operator_connection_test", args=[draft.pk])
    html = operator_client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Verbinding mislukt" in html and "De laatste test" in html
    draft.refresh_from_db()
    assert draft.test_ok is False
    assert "De laatste test" in page(operator_client, draft)


def test_activating_untested_goes_ahead_with_a_warning(operator_client, draft):
    url = reverse("operator_connection_activate", args=[draft.pk])
    html = operator_client.post(url, follow=True).content.decode()
    draft.refresh_from_db()
    assert draft.status == Connection.Status.ACTIVE
    assert "Koppeling geactiveerd" in html
    assert 'class="flash warning"' in html and "nog niet getest" in html


def test_activating_after_a_good_test_has_no_warning(operator_client, draft):
    do_test_connection(draft)
    url = reverse("operator_connection_activate", args=[draft.pk])
    html = operator_client.post(url, follow=True).content.decode()
    assert "Koppeling geactiveerd" in html
    assert 'class="flash warning"' not in html


def test_new_credentials_forget_the_last_test(draft):
    do_test_connection(draft)
    do_update_connection(draft, {"name": "Nieuwe naam", "port": draft.port})
    draft.refresh_from_db()
    assert draft.test_ok is True  # nothing about the account changed
    do_update_connection(draft, {"secret": "nieuw"})
    draft.refresh_from_db()
    assert (draft.test_ok, draft.tested_at) == (None, None)


def test_a_new_port_on_the_operator_page_forgets_the_last_test(operator_client, alice, draft):
    # The form writes its values onto the connection before the change is compared.
    do_test_connection(draft)
    url = reverse("operator_connection_edit", args=[draft.pk])
    operator_client.post(url, setup_data(draft.port, alice.team))
    draft.refresh_from_db()
    assert draft.test_ok is True  # the same account
    operator_client.post(url, setup_data(draft.port + 1, alice.team))
    draft.refresh_from_db()
    assert (draft.test_ok, draft.tested_at) == (None, None)


def test_the_api_test_is_remembered_too(alice, draft):
    token = do_create_api_token(alice.organization, alice.owner, "t").key
    url = f"/api/v1/connections/{draft.pk}/test/"
    response = Client().post(url, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.test_ok is True
