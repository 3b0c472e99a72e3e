"""Which organization a merchant works in, and switching between several."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from kassalink.accounts.models import Membership
from kassalink.accounts.tenancy import access_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_in_both(alice, bob):
    """Alice also manages Bob's shop."""
    Membership.objects.create(
        organization=bob.organization, user=alice.owner, role=Membership.Role.MANAGER
    )
    return alice


def test_one_organization_is_the_current_one(alice):
    client = alice.client()
    response = client.get(reverse("app_center"))
    assert response.context["organization"] == alice.organization
    assert 'class="switcher"' not in response.content.decode()


def test_with_two_the_switcher_shows_and_the_choice_is_kept(alice_in_both, bob):
    client = alice_in_both.client()
    html = client.get(reverse("app_center")).content.decode()
    assert 'class="switcher"' in html and "Bob&#x27;s shop" in html
    assert client.get(reverse("app_center")).context["organization"].slug == "alice"
    response = client.post(reverse("switch_organization"), {"organization": bob.organization.pk})
    assert response.status_code == 302
    assert client.get(reverse("app_center")).context["organization"] == bob.organization


def test_switching_to_a_shop_you_do_not_belong_to_is_404(alice, bob):
    client = alice.client()
    response = client.post(reverse("switch_organization"), {"organization": bob.organization.pk})
    assert response.status_code == 404
    assert client.get(reverse("app_center")).context["organization"] == alice.organization
    assert client.post(reverse("switch_organization"), {"organization": "x"}).status_code == 400


def test_a_manager_of_bob_cannot_use_alices_owner_pages(alice_in_both, bob):
    client = alice_in_both.client()
    client.post(reverse("switch_organization"), {"organization": bob.organization.pk})
    assert client.get(reverse("api_tokens")).status_code == 403


def test_access_organization_without_membership_is_404(operator):
    from django.http import Http404

    request = RequestFactory().get("/")
    request.user = operator
    request.session = {}
    with pytest.raises(Http404):
        access_organization(request)
