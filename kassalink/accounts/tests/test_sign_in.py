"""Signing in: by e-mail address in any case; throttled per account and per address,
with a clear message, until an operator unlocks or the cool-off passes."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kassalink.accounts.tests.fixtures import PASSWORD

LIMIT = 3


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def sign_in(email: str, password: str, address: str = "10.0.0.1") -> object:
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": email, "password": password})
    response.client = client
    return response


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_the_login_field_asks_for_the_e_mail_address(db):
    page = Client().get(reverse("login")).content.decode()
    assert "E-mailadres" in page
    assert 'type="email"' in page


@pytest.mark.parametrize("typed", ["alice@example.com", "Alice@Example.COM", " ALICE@example.com "])
def test_the_address_matches_in_any_case(alice, typed):
    assert signed_in(sign_in(typed, PASSWORD))


def test_a_wrong_password_says_so(alice):
    response = sign_in("alice@example.com", "wrong")
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.content.decode()


def test_an_account_is_locked_after_too_many_wrong_passwords_from_any_address(alice):
    for n in range(LIMIT):
        # Each attempt from another address and in another case: it is still one account.
        sign_in("ALICE@example.com" if n % 2 else "alice@example.com", "wrong", f"10.0.0.{n}")
    response = sign_in("alice@example.com", PASSWORD, "10.9.9.9")
    assert response.status_code == 429
    assert not signed_in(response)
    assert "te vaak een verkeerd wachtwoord" in response.content.decode()


def test_an_address_is_locked_after_too_many_wrong_passwords_for_any_account(alice, bob):
    for n in range(LIMIT):
        sign_in(f"nobody{n}@example.com", "wrong", "10.0.0.7")
    assert sign_in("bob@example.com", PASSWORD, "10.0.0.7").status_code == 429
    # Bob from his own address is not affected.
    assert signed_in(sign_in("bob@example.com", PASSWORD, "10.0.0.8"))


def test_the_lockout_page_speaks_english_too(alice):
    for _ in range(LIMIT):
        sign_in("alice@example.com", "wrong")
    client = Client(REMOTE_ADDR="10.0.0.1")
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": "alice@example.com", "password": "x"})
    assert response.status_code == 429
    assert "Too many wrong passwords" in response.content.decode()


def test_the_operator_unlocks_an_account(alice):
    for _ in range(LIMIT):
        sign_in("alice@example.com", "wrong", "10.0.0.1")
    call_command("axes_reset_username", "alice@example.com")
    assert signed_in(sign_in("alice@example.com", PASSWORD, "10.0.0.2"))


def test_the_operator_unlocks_an_address(alice):
    for n in range(LIMIT):
        sign_in(f"nobody{n}@example.com", "wrong", "10.0.0.5")
    call_command("axes_reset_ip", "10.0.0.5")
    assert signed_in(sign_in("alice@example.com", PASSWORD, "10.0.0.5"))


def test_a_success_before_the_limit_starts_the_count_again(alice):
    for _ in range(LIMIT - 1):
        sign_in("alice@example.com", "wrong")
    assert signed_in(sign_in("alice@example.com", PASSWORD))
    for _ in range(LIMIT - 1):
        sign_in("alice@example.com", "wrong")
    assert signed_in(sign_in("alice@example.com", PASSWORD))


def test_the_operator_console_lists_and_unlocks_a_locked_account(alice, operator_client):
    for n in range(LIMIT):
        sign_in("Alice@example.com", "wrong", f"10.0.1.{n}")
    page = operator_client.get(reverse("operator_lockouts")).content.decode()
    assert "<code>alice@example.com</code>" in page
    response = operator_client.post(
        reverse("operator_unlock"), {"kind": "username", "value": "alice@example.com"}
    )
    assert response.status_code == 302
    page = operator_client.get(reverse("operator_lockouts")).content.decode()
    assert "<code>alice@example.com</code>" not in page
    assert signed_in(sign_in("alice@example.com", PASSWORD, "10.0.1.9"))


def test_the_operator_console_unlocks_an_address(alice, operator_client):
    for n in range(LIMIT):
        sign_in(f"nobody{n}@example.com", "wrong", "10.0.2.1")
    assert "10.0.2.1" in operator_client.get(reverse("operator_lockouts")).content.decode()
    operator_client.post(reverse("operator_unlock"), {"kind": "ip_address", "value": "10.0.2.1"})
    assert signed_in(sign_in("alice@example.com", PASSWORD, "10.0.2.1"))


def test_only_operators_see_the_lockouts(alice):
    assert alice.client().get(reverse("operator_lockouts")).status_code == 302
    response = alice.client().post(
        reverse("operator_unlock"), {"kind": "username", "value": "bob@example.com"}
    )
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"] or "login" in response["Location"]
