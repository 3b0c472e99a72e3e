"""Alice's and Bob's shops with their connection (`alice`, `bob`: the Connection, as in
every importer suite) and the people who sign in (`alice_shop`, `bob_shop`)."""

import pytest

from kassalink.accounts.models import Membership
from kassalink.accounts.tests.fixtures import Shop, make_user
from kassalink.tests.pos_fixtures import alice, bob, simulator  # noqa: F401
from kassalink.workforce.models import Team


def shop_of(connection) -> Shop:
    organization = connection.organization
    slug = organization.slug
    owner = make_user(f"{slug}@example.com")
    manager = make_user(f"{slug}-manager@example.com")
    Membership.objects.create(organization=organization, user=owner, role=Membership.Role.OWNER)
    Membership.objects.create(organization=organization, user=manager, role=Membership.Role.MANAGER)
    return Shop(organization, owner, manager, Team.objects.get(organization=organization))


@pytest.fixture
def alice_shop(alice) -> Shop:  # noqa: F811 (the fixture imported above)
    return shop_of(alice)


@pytest.fixture
def bob_shop(bob) -> Shop:  # noqa: F811
    return shop_of(bob)
