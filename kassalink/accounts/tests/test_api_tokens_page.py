"""Instellingen › API-tokens: owners create (shown once) and revoke tokens."""

import pytest
from django.urls import reverse

from kassalink.accounts.actions import do_create_api_token
from kassalink.accounts.api_auth import hash_key
from kassalink.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_an_owner_creates_a_token_and_sees_it_once(alice):
    client = alice.client()
    response = client.post(reverse("api_tokens"), {"name": "Boekhouding"})
    key = response.context["new_key"]
    assert key.startswith("kl_") and key in response.content.decode()
    token = ApiToken.objects.get()
    assert token.key_hash == hash_key(key)
    assert (token.organization, token.user, token.name) == (
        alice.organization,
        alice.owner,
        "Boekhouding",
    )
    listing = client.get(reverse("api_tokens")).content.decode()
    assert key not in listing
    assert token.prefix in listing


def test_the_token_works_until_revoked(alice, client):
    key = alice.client().post(reverse("api_tokens"), {"name": "x"}).context["new_key"]
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/v1/connections/", **auth).status_code == 200
    token = ApiToken.objects.get()
    alice.client().post(reverse("revoke_api_token", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked is not None
    assert client.get("/api/v1/connections/", **auth).status_code == 401


def test_bearer_works_too(alice, client):
    key = do_create_api_token(alice.organization, alice.owner, "x").key
    response = client.get("/api/v1/connections/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


def test_a_token_stops_when_its_user_leaves_the_shop(alice, client):
    key = do_create_api_token(alice.organization, alice.manager, "x").key
    alice.organization.memberships.filter(user=alice.manager).delete()
    response = client.get("/api/v1/connections/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401


def test_a_manager_may_not_manage_tokens(alice):
    client = alice.client("manager")
    assert client.get(reverse("api_tokens")).status_code == 403
    assert client.post(reverse("api_tokens"), {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_name_is_needed(alice):
    response = alice.client().post(reverse("api_tokens"), {"name": ""})
    assert "name" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_bob_neither_sees_nor_revokes_alices_tokens(alice, bob):
    token = do_create_api_token(alice.organization, alice.owner, "van-alice").token
    client = bob.client()
    assert "van-alice" not in client.get(reverse("api_tokens")).content.decode()
    assert client.post(reverse("revoke_api_token", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked is None


def test_the_settings_menu_shows_api_tokens_to_owners_only(alice):
    assert reverse("api_tokens") in alice.client().get(reverse("app_center")).content.decode()
    manager_html = alice.client("manager").get(reverse("app_center")).content.decode()
    assert reverse("api_tokens") not in manager_html
