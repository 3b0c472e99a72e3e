"""MplusKASSA refuses the ident/secret: the connection needs attention, the operators are
told, the shop is told the operators know; once the operator fixes the secret, a passing
Test verbinding (or a good run) makes it active again without pressing Activeren."""

import pytest
from django.core import mail
from django.urls import reverse

from kassalink.connections.models import Connection
from kassalink.connections.tests.conftest import make_connection
from kassalink.mplus.errors import MplusAuthError
from kassalink.sync.models import SyncRun
from kassalink.sync.runner import run_stream
from kassalink.sync.schedule import due_runs
from kassalink.sync.streams import STREAMS, Stream

pytestmark = pytest.mark.django_db


class RefusingStream(Stream):
    """A stream whose account refuses the credentials."""

    name = label = "fake"

    def pages(self, connection, cursor):
        raise MplusAuthError("getReceipts: the account refused the credentials")
        yield


@pytest.fixture
def refused(alice, operator, monkeypatch, django_capture_on_commit_callbacks):
    """Alice's connection after a run that MplusKASSA refused; the operator's mail sent."""
    monkeypatch.setitem(STREAMS, "fake", RefusingStream())
    connection = make_connection(alice, secret="verkeerd")
    with django_capture_on_commit_callbacks(execute=True):
        run_stream(connection.pk, "fake", SyncRun.Trigger.SCHEDULE)
    connection.refresh_from_db()
    assert connection.status == Connection.Status.NEEDS_ATTENTION
    return connection


def test_the_operators_are_told_and_the_shop_hears_they_know(refused, operator):
    to_operator = [m for m in mail.outbox if operator.email in m.to]
    to_shop = [m for m in mail.outbox if refused.import_notification_email in m.to]
    assert len(to_operator) == 1
    assert reverse("operator_connection", args=[refused.pk]) in to_operator[0].body
    assert "verkeerd" not in to_operator[0].body  # never the secret
    assert len(to_shop) == 1 and "beheerder" in to_shop[0].body
    assert "op de hoogte" in to_shop[0].body


def test_the_owner_is_not_asked_to_check_what_he_cannot_change(refused, alice):
    html = alice.client().get(reverse("app_center_mplus")).content.decode()
    assert "actie nodig" in html
    assert "Je hoeft niets te doen" in html
    assert "controleer" not in html.lower()


def test_a_second_refused_run_tells_the_operators_nothing_new(
    refused, operator, django_capture_on_commit_callbacks
):
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        run_stream(refused.pk, "fake", SyncRun.Trigger.MANUAL)
    assert len(mail.outbox) == before


def test_a_passing_test_after_the_fix_makes_it_active_again(refused, operator_client, simulator):
    Connection.objects.filter(pk=refused.pk).update(port=simulator.port)
    refused.refresh_from_db()
    refused.secret = "demo"  # the operator typed the right secret (Bewerken)
    refused.save()
    assert not list(due_runs())  # stopped: the schedule skips it

    response = operator_client.post(
        reverse("operator_connection_test", args=[refused.pk]), HTTP_HX_REQUEST="true"
    )

    refused.refresh_from_db()
    assert (refused.status, refused.status_reason) == (Connection.Status.ACTIVE, "")
    assert response.headers["HX-Refresh"] == "true"  # badge and Activeren change too
    page = operator_client.get(reverse("operator_connection", args=[refused.pk]))
    assert "weer actief" in page.content.decode()
    assert list(due_runs())  # runs resume


def test_a_failing_test_leaves_it_stopped(refused, operator_client, simulator):
    Connection.objects.filter(pk=refused.pk).update(port=simulator.port)

    operator_client.post(reverse("operator_connection_test", args=[refused.pk]))

    refused.refresh_from_db()
    assert refused.status == Connection.Status.NEEDS_ATTENTION
