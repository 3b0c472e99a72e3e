"""Keys rotated with the old one gone: no page breaks, the pages say which connections
need their ident and secret again, and entering them again makes the link work."""

import pytest
from cryptography.fernet import Fernet
from django.urls import reverse

from kassalink import crypto
from kassalink.accounts.actions import do_create_api_token
from kassalink.connections.models import Connection
from kassalink.connections.tests.conftest import make_connection

AGAIN = "Vul ze opnieuw in"


@pytest.fixture
def rotated(settings, alice, bob):
    """Alice's connection stored under the old key; the old key then dropped. Bob's link
    was stored under the new key and keeps working."""
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    crypto._fernet.cache_clear()
    settings.KASSALINK_ENCRYPTION_KEYS = [old]
    lost = make_connection(alice, name="Oude sleutel")
    crypto._fernet.cache_clear()
    settings.KASSALINK_ENCRYPTION_KEYS = [new]
    kept = make_connection(bob, name="Nieuwe sleutel")
    yield lost, kept
    crypto._fernet.cache_clear()


def operator_pages(lost: Connection) -> list[str]:
    return [
        reverse("operator_console"),
        reverse("operator_runs"),
        reverse("operator_connection", args=[lost.pk]),
        reverse("operator_connection_edit", args=[lost.pk]),
    ]


def merchant_pages(lost: Connection) -> list[str]:
    return [
        reverse("app_center"),
        reverse("app_center_mplus"),
        reverse("app_center_settings", args=[lost.pk]),
        reverse("app_center_mapping", args=[lost.pk]),
    ]


def test_operator_pages_stay_up_and_name_the_connection(rotated, operator_client):
    lost, kept = rotated
    for path in operator_pages(lost):
        response = operator_client.get(path)
        assert response.status_code == 200, path
    console = operator_client.get(reverse("operator_console")).content.decode()
    assert AGAIN in console
    assert console.count(AGAIN) == 1  # only the connection whose secret is lost
    detail = operator_client.get(reverse("operator_connection", args=[lost.pk]))
    assert AGAIN in detail.content.decode()
    other = operator_client.get(reverse("operator_connection", args=[kept.pk]))
    assert AGAIN not in other.content.decode()


def test_merchant_pages_stay_up_and_say_the_operator_must_act(rotated, alice):
    lost, _ = rotated
    client = alice.client()
    for path in merchant_pages(lost):
        response = client.get(path)
        assert response.status_code == 200, path
    page = client.get(reverse("app_center_mplus")).content.decode()
    assert "opnieuw invullen" in page


def test_the_api_stays_up_and_says_the_credentials_are_not_usable(rotated, alice):
    key = do_create_api_token(alice.organization, alice.owner, "t").key
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    listed = alice.client().get("/api/v1/connections/", **auth)
    assert listed.status_code == 200
    (row,) = listed.json()["results"]
    assert row["credentials_stored"] is False
    assert row["credentials_unreadable"] is True


def test_testing_the_connection_says_enter_them_again(rotated, operator_client):
    lost, _ = rotated
    response = operator_client.post(reverse("operator_connection_test", args=[lost.pk]))
    assert response.status_code in {200, 302}
    page = operator_client.get(reverse("operator_connection", args=[lost.pk]), follow=True)
    assert AGAIN in page.content.decode()


def test_saving_other_settings_keeps_the_old_ciphertext(rotated, settings):
    lost, _ = rotated
    stored = Connection.objects.filter(pk=lost.pk).values_list("secret", flat=True)
    before = stored.get()
    connection = Connection.objects.get(pk=lost.pk)
    connection.name = "Nieuwe naam"
    connection.save()
    assert stored.get() == before  # the old key may come back


def test_entering_them_again_makes_the_connection_readable(rotated):
    lost, _ = rotated
    connection = Connection.objects.get(pk=lost.pk)
    assert connection.secrets_unreadable
    connection.ident, connection.secret = "demo", "demo"
    connection.save()
    again = Connection.objects.get(pk=lost.pk)
    assert not again.secrets_unreadable
    assert again.secret == "demo"
