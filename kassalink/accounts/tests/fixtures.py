"""Named tenants every suite can use: Alice's shop, Bob's shop and an operator.

Loaded for all tests through `pytest_plugins` in kassalink/conftest.py. Each shop has an
owner, a manager and a team; `shop.client()` is a Django test client signed in as one of
them, so a test reads like: Bob signs in, asks for Alice's page, gets a 404.
"""

import functools
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from kassalink.accounts.models import Membership, Organization
from kassalink.workforce.models import Department, Team

PASSWORD = "een-lang-wachtwoord-1"


@dataclass
class Shop:
    organization: Organization
    owner: AbstractBaseUser
    manager: AbstractBaseUser
    team: Team

    def client(self, role: str = "owner") -> Client:
        client = Client()
        client.force_login(self.owner if role == "owner" else self.manager)
        return client


@functools.cache
def _hashed_password() -> str:
    # Hashing is slow on purpose; once per test session is enough.
    return make_password(PASSWORD)


def make_user(email: str, *, staff: bool = False) -> AbstractBaseUser:
    """A user who can sign in with PASSWORD."""
    return get_user_model().objects.create(
        username=email, email=email, password=_hashed_password(), is_staff=staff
    )


def make_shop(slug: str, name: str) -> Shop:
    organization = Organization.objects.create(slug=slug, name=name)
    owner = make_user(f"{slug}@example.com")
    manager = make_user(f"{slug}-manager@example.com")
    Membership.objects.create(organization=organization, user=owner, role=Membership.Role.OWNER)
    Membership.objects.create(organization=organization, user=manager, role=Membership.Role.MANAGER)
    department = Department.objects.create(organization=organization, name="Winkel")
    team = Team.objects.create(organization=organization, department=department, name="Kassa")
    return Shop(organization, owner, manager, team)


@pytest.fixture
def alice(db) -> Shop:
    return make_shop("alice", "Alice's shop")


@pytest.fixture
def bob(db) -> Shop:
    return make_shop("bob", "Bob's shop")


@pytest.fixture
def operator(db) -> AbstractBaseUser:
    return make_user("operator@kassalink.test", staff=True)


@pytest.fixture
def operator_client(operator) -> Client:
    client = Client()
    client.force_login(operator)
    return client
