"""Aanvragen: the merchant's request is stored, operators hear of it, the shop is told."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from kassalink.connections.models import LinkRequest

pytestmark = pytest.mark.django_db

FORM = {
    "contact_name": "Alice de Vries",
    "email": "alice@example.com",
    "phone": "06 12345678",
    "company": "Alice's shop B.V.",
    "mplus_account": "klant 4711",
    "message": "Graag voor twee filialen.",
}


@override_settings(KASSALINK_OPERATOR_EMAILS=["ops@kassalink.test"])
def test_a_request_is_stored_and_operators_are_emailed(
    alice, operator, django_capture_on_commit_callbacks
):
    client = alice.client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("app_center_request"), FORM, follow=True)
    assert "Aangevraagd — wij nemen contact met je op." in response.content.decode()
    link_request = LinkRequest.objects.get()
    assert link_request.organization == alice.organization
    assert link_request.requested_by == alice.owner
    assert link_request.status == LinkRequest.Status.REQUESTED
    assert link_request.mplus_account == "klant 4711"
    [message] = mail.outbox
    assert set(message.to) == {"ops@kassalink.test", operator.email}
    assert "Alice's shop B.V." in message.subject
    assert "06 12345678" in message.body
    assert reverse("operator_request", args=[link_request.pk]) in message.body


def test_the_form_starts_with_what_we_know(alice):
    response = alice.client().get(reverse("app_center_request"))
    form = response.context["form"]
    assert form.initial["email"] == alice.owner.email
    assert form.initial["company"] == "Alice's shop"


@pytest.mark.parametrize("field", ["contact_name", "email", "phone", "company"])
def test_a_missing_field_is_named_and_nothing_is_stored(alice, field):
    response = alice.client().post(reverse("app_center_request"), {**FORM, field: ""})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not LinkRequest.objects.exists()
    assert not mail.outbox


def test_a_bad_email_is_refused(alice):
    response = alice.client().post(reverse("app_center_request"), {**FORM, "email": "nope"})
    assert "email" in response.context["form"].errors
    assert not LinkRequest.objects.exists()


def test_the_account_details_and_message_are_optional(alice):
    data = {**FORM, "mplus_account": "", "message": ""}
    alice.client().post(reverse("app_center_request"), data)
    assert LinkRequest.objects.count() == 1


def test_bobs_request_belongs_to_bob(alice, bob):
    bob.client().post(reverse("app_center_request"), FORM)
    assert LinkRequest.objects.get().organization == bob.organization
    assert alice.client().get(reverse("app_center_mplus")).context["open_request"] is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0612345678", "06 12345678"), ("+31 20 123 4567", "020 123 4567"),
     ("+32 2 555 12 12", "+32 2 555 12 12")],
)  # fmt: skip
def test_a_phone_number_is_checked_and_written_the_usual_way(alice, typed, stored):
    alice.client().post(reverse("app_center_request"), {**FORM, "phone": typed})
    assert LinkRequest.objects.get().phone == stored


@pytest.mark.parametrize("typed", ["bel me", "123", "06 1234"])
def test_a_bad_phone_number_is_named_and_nothing_is_stored(alice, typed):
    response = alice.client().post(reverse("app_center_request"), {**FORM, "phone": typed})
    assert "phone" in response.context["form"].errors
    assert not LinkRequest.objects.exists()


def test_a_second_request_while_one_is_open_is_not_stored(alice):
    client = alice.client()
    client.post(reverse("app_center_request"), FORM)
    again = client.post(reverse("app_center_request"), FORM, follow=True)
    assert LinkRequest.objects.count() == 1
    assert "Je aanvraag is binnen" in again.content.decode()
    form_again = client.get(reverse("app_center_request"))
    assert form_again.status_code == 302 and form_again["Location"] == reverse("app_center_mplus")


def test_a_message_past_2000_characters_is_named_and_nothing_is_stored(alice):
    response = alice.client().post(reverse("app_center_request"), {**FORM, "message": "x" * 2001})
    assert "message" in response.context["form"].errors
    assert not LinkRequest.objects.exists()
