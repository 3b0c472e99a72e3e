"""The operator declines a link request: state declined, the shop gets a polite e-mail."""

import pytest
from django.core import mail
from django.urls import reverse

from kassalink.connections.actions import LinkRequestStateError, do_decline_request
from kassalink.connections.models import LinkRequest
from kassalink.connections.tests.conftest import make_connection, make_link_request

pytestmark = pytest.mark.django_db


def decline(client, link_request: LinkRequest, reason: str = ""):
    url = reverse("operator_request_decline", args=[link_request.pk])
    return client.post(url, {"reason": reason}, follow=True)


def test_declining_closes_the_request_and_emails_the_shop(
    operator_client, alice, django_capture_on_commit_callbacks
):
    link_request = make_link_request(alice, email="contact@alice.test", contact_name="Alice")
    with django_capture_on_commit_callbacks(execute=True):
        response = decline(operator_client, link_request, "Jullie kassa draait nog op versie 5.")
    link_request.refresh_from_db()
    assert link_request.status == LinkRequest.Status.DECLINED
    assert link_request.declined_at is not None
    assert link_request.decline_reason == "Jullie kassa draait nog op versie 5."
    assert "afgewezen; de winkel heeft een e-mail gekregen" in response.content.decode()

    [message] = mail.outbox
    assert set(message.to) == {"contact@alice.test", alice.owner.email}
    assert "aanvraag" in message.subject.lower()
    assert message.body.startswith("Beste Alice,")
    assert "Dank je wel voor je aanvraag" in message.body
    assert "Jullie kassa draait nog op versie 5." in message.body
    assert "/instellingen/app-center/mpluskassa/" in message.body


def test_the_reason_is_optional(operator_client, alice, django_capture_on_commit_callbacks):
    link_request = make_link_request(alice)
    with django_capture_on_commit_callbacks(execute=True):
        decline(operator_client, link_request)
    assert LinkRequest.objects.get().status == LinkRequest.Status.DECLINED
    assert "Helaas kunnen wij deze koppeling" in mail.outbox[0].body


def test_a_request_can_be_declined_once(operator_client, alice, django_capture_on_commit_callbacks):
    link_request = make_link_request(alice)
    with django_capture_on_commit_callbacks(execute=True):
        decline(operator_client, link_request)
        response = decline(operator_client, link_request)
    assert "al afgehandeld" in response.content.decode()
    assert len(mail.outbox) == 1


def test_a_request_with_a_connection_cannot_be_declined(alice):
    link_request = make_link_request(alice)
    make_connection(alice, link_request=link_request)
    with pytest.raises(LinkRequestStateError):
        do_decline_request(link_request)
    assert LinkRequest.objects.get().status == LinkRequest.Status.REQUESTED


def test_the_request_page_offers_declining_only_while_open(operator_client, alice):
    link_request = make_link_request(alice)
    url = reverse("operator_request", args=[link_request.pk])
    assert "Aanvraag afwijzen" in operator_client.get(url).content.decode()
    do_decline_request(link_request, "Geen MplusKASSA-account gevonden.")
    html = operator_client.get(url).content.decode()
    assert "Aanvraag afwijzen" not in html
    assert "afgewezen" in html and "Geen MplusKASSA-account gevonden." in html
    console = operator_client.get(reverse("operator_console")).content.decode()
    assert "afgewezen" in console


def test_the_shop_sees_it_was_declined_and_may_ask_again(alice):
    do_decline_request(make_link_request(alice))
    html = alice.client().get(reverse("app_center_mplus")).content.decode()
    assert 'data-testid="request-declined"' in html
    assert "Opnieuw aanvragen" in html
    tile = alice.client().get(reverse("app_center")).context["mplus_state"]
    assert tile.code == "available"


def test_merchants_cannot_decline(alice, bob):
    link_request = make_link_request(alice)
    assert decline(bob.client(), link_request).status_code == 404
    assert decline(alice.client(), link_request).status_code == 404
    assert LinkRequest.objects.get().status == LinkRequest.Status.REQUESTED
