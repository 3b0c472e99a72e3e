"""Passkeys for wallet customers: registered on the account page after signing in by link,
used on the sign-in page; py_webauthn checks each answer, here from a software
authenticator, so registration and sign-in verification really run."""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client

from kassalink.wallet.models import Customer, Passkey

from .software_authenticator import SoftwarePasskey

SITE = "https://bonnen.example.nl"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def signed_in(customer: Customer) -> Client:
    client = Client()
    client.force_login(customer.user)
    return client


def post_json(client: Client, path: str, body: str = "{}"):
    return client.post(path, body, content_type="application/json")


def register(client: Client, passkey: SoftwarePasskey, **answer):
    options = post_json(client, "/portemonnee/passkeys/registreren/opties/").json()
    return post_json(
        client, "/portemonnee/passkeys/registreren/", passkey.create(options, **answer)
    )


def sign_in(client: Client, passkey: SoftwarePasskey, **answer):
    options = post_json(client, "/portemonnee/passkeys/inloggen/opties/").json()
    assert options["rpId"] == "bonnen.example.nl"
    return post_json(client, "/portemonnee/passkeys/inloggen/", passkey.get(options, **answer))


def new_passkey() -> SoftwarePasskey:
    return SoftwarePasskey(rp_id="bonnen.example.nl", origin=SITE)


def test_register_then_sign_in_with_the_passkey(carol):
    passkey = new_passkey()
    account = signed_in(carol)
    response = register(account, passkey)
    assert response.status_code == 200, response.content
    stored = Passkey.objects.get()
    assert stored.customer == carol and stored.credential_id == passkey.id
    assert 'data-testid="passkey"' in account.get("/portemonnee/account/").content.decode()

    phone = Client()
    assert phone.get("/portemonnee/").status_code == 302  # not signed in yet
    answer = sign_in(phone, passkey)
    assert answer.status_code == 200 and answer.json() == {"redirect": "/portemonnee/"}
    assert phone.get("/portemonnee/").status_code == 200
    stored.refresh_from_db()
    assert stored.sign_count == 1 and stored.last_used is not None


def test_registration_options_exclude_known_passkeys_and_need_a_signed_in_customer(carol):
    account = signed_in(carol)
    passkey = new_passkey()
    register(account, passkey)
    options = post_json(account, "/portemonnee/passkeys/registreren/opties/").json()
    assert [c["id"] for c in options["excludeCredentials"]] == [passkey.id]
    assert options["user"]["name"] == "carol@example.com"
    anonymous = post_json(Client(), "/portemonnee/passkeys/registreren/opties/")
    assert anonymous.status_code == 302 and not Passkey.objects.exclude(customer=carol).exists()


@pytest.mark.parametrize("answer", [{"origin": "https://evil.example"}, {"rp_id": "evil.example"}])
def test_a_registration_for_another_site_is_refused(carol, answer):
    response = register(signed_in(carol), new_passkey(), **answer)
    assert response.status_code == 400 and "gecontroleerd" in response.json()["error"]
    assert not Passkey.objects.exists()


def test_a_replayed_registration_is_refused(carol):
    account = signed_in(carol)
    passkey = new_passkey()
    options = post_json(account, "/portemonnee/passkeys/registreren/opties/").json()
    body = passkey.create(options)
    assert post_json(account, "/portemonnee/passkeys/registreren/", body).status_code == 200
    again = post_json(account, "/portemonnee/passkeys/registreren/", body)
    assert again.status_code == 400 and "verlopen" in again.json()["error"]
    assert Passkey.objects.count() == 1


def test_a_forged_signature_or_wrong_origin_does_not_sign_in(carol):
    passkey = new_passkey()
    register(signed_in(carol), passkey)
    forger = Client()
    forged = sign_in(forger, passkey, key=ec.generate_private_key(ec.SECP256R1()))
    assert forged.status_code == 400
    elsewhere = sign_in(forger, passkey, origin="https://evil.example")
    assert elsewhere.status_code == 400
    assert forger.get("/portemonnee/").status_code == 302


def test_a_cloned_passkey_with_an_old_sign_count_is_refused(carol):
    passkey = new_passkey()
    register(signed_in(carol), passkey)
    assert sign_in(Client(), passkey).status_code == 200
    assert sign_in(Client(), passkey).status_code == 200  # count 2
    passkey.sign_count = 0  # a copy of the key that still counts from the start
    assert sign_in(Client(), passkey).status_code == 400


def test_an_unknown_passkey_and_garbage_are_a_clear_400(db):
    unknown = sign_in(Client(), new_passkey())
    assert unknown.status_code == 400 and "kennen we niet" in unknown.json()["error"]
    client = Client()
    post_json(client, "/portemonnee/passkeys/inloggen/opties/")
    for body in ["not json", "[]", json.dumps({"id": 5}), "{" * 70_000]:
        garbage = post_json(client, "/portemonnee/passkeys/inloggen/", body)
        assert garbage.status_code == 400
    no_challenge = post_json(
        Client(), "/portemonnee/passkeys/inloggen/", new_passkey().get({"challenge": "AAAA"})
    )
    assert no_challenge.status_code == 400


def test_a_customer_removes_only_their_own_passkey(carol, dave):
    register(signed_in(carol), new_passkey())
    stored = Passkey.objects.get()
    assert (
        signed_in(dave).post(f"/portemonnee/passkeys/{stored.pk}/verwijderen/").status_code == 404
    )
    assert signed_in(dave).post(f"/portemonnee/passkeys/{2**64}/verwijderen/").status_code == 404
    assert (
        signed_in(carol).post(f"/portemonnee/passkeys/{stored.pk}/verwijderen/").status_code == 302
    )
    assert not Passkey.objects.exists()
