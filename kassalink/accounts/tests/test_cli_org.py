"""`kassalink org create` and `kassalink token create`."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from kassalink.accounts.api_auth import hash_key
from kassalink.accounts.models import ApiToken, Membership, Organization

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_org_create_makes_the_shop_its_owner_and_mails_a_password_link(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        out = run("org", "create", "carla", "--name", "Carla's bakkerij", "--owner", "c@ex.nl")
    organization = Organization.objects.get(slug="carla")
    membership = Membership.objects.get(organization=organization)
    assert membership.role == Membership.Role.OWNER
    assert membership.user.email == "c@ex.nl"
    assert not membership.user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["c@ex.nl"]
    link = out.strip().splitlines()[-1]
    assert link.startswith("http") and "/wachtwoord/instellen/" in link
    assert link in message.body
    assert "Carla's bakkerij" in message.body  # plain text, not HTML-escaped


def test_the_link_lets_the_owner_choose_a_password_and_sign_in(client):
    link = run("org", "create", "dirk", "--name", "Dirk", "--owner", "d@ex.nl").split()[-1]
    path = link.split("8000", 1)[-1] if "8000" in link else link
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    data = {"new_password1": "Zomer-2026-kassa", "new_password2": "Zomer-2026-kassa"}
    response = client.post(form_url, data)
    assert response.status_code == 302
    response = client.post(
        reverse("login"), {"username": "D@Ex.nl", "password": "Zomer-2026-kassa"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user.email == "d@ex.nl"


def test_an_existing_user_becomes_owner_without_a_new_password(alice):
    out = run("org", "create", "tweede", "--name", "Tweede", "--owner", alice.owner.email)
    assert "already had an account" in out
    assert Membership.objects.filter(user=alice.owner).count() == 2
    assert not mail.outbox


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["alice", "--name", "X", "--owner", "x@ex.nl"], "slug"),
        (["Geen Slug!", "--name", "X", "--owner", "x@ex.nl"], "slug"),
        (["nieuw", "--name", "X", "--owner", "geen-mail"], "--owner"),
    ],
)
def test_bad_input_names_the_field_and_creates_nothing(alice, args, named):
    users = get_user_model().objects.count()
    with pytest.raises(CommandError, match=named):
        run("org", "create", *args)
    assert Organization.objects.count() == 1
    assert get_user_model().objects.count() == users


def test_token_create_prints_the_key_once_and_stores_its_hash(alice):
    key = run("token", "create", "--org", "alice", "--user", alice.manager.email, "--name", "kassa")
    key = key.strip()
    token = ApiToken.objects.get()
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert token.prefix == key[:10]
    assert (token.user, token.organization, token.name) == (
        alice.manager,
        alice.organization,
        "kassa",
    )


@pytest.mark.parametrize(
    ("org", "user", "named"),
    [("nobody", "alice@example.com", "--org"), ("alice", "bob@example.com", "--user")],
)
def test_token_create_refuses_strangers(alice, bob, org, user, named):
    with pytest.raises(CommandError, match=named):
        run("token", "create", "--org", org, "--user", user)
    assert not ApiToken.objects.exists()
