"""Importeren vanaf: the shop chooses it when requesting the link and behind the gear, the
operator on the technical settings; one rule for all, and the history is announced once."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kassalink.connections.actions import do_activate_connection, do_update_connection
from kassalink.connections.forms import ConnectionSettingsForm, LinkRequestForm
from kassalink.connections.history import history_bounds
from kassalink.connections.models import Connection, LinkRequest
from kassalink.connections.signals import history_wanted
from kassalink.connections.tests.conftest import make_connection, make_link_request
from kassalink.connections.tests.test_connection_setup import setup_data
from kassalink.connections.tests.test_request_link import FORM

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = TODAY - dt.timedelta(days=365)


@pytest.fixture
def announced():
    """The connections history_wanted was sent for, in order."""
    sent: list[int] = []

    def receiver(sender, connection, **kwargs):
        sent.append(connection.pk)

    history_wanted.connect(receiver)
    yield sent
    history_wanted.disconnect(receiver)


def request_form(history_from: str) -> LinkRequestForm:
    return LinkRequestForm({**FORM, "history_from": history_from})


def test_the_bounds_are_today_and_five_years_back(settings):
    assert history_bounds(dt.date(2026, 3, 10)) == (dt.date(2021, 3, 10), dt.date(2026, 3, 10))
    assert history_bounds(dt.date(2028, 2, 29))[0] == dt.date(2023, 2, 28)
    settings.KASSALINK_HISTORY_MAX_YEARS = 2
    assert history_bounds(dt.date(2026, 3, 10))[0] == dt.date(2024, 3, 10)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", None), (LAST_YEAR.isoformat(), LAST_YEAR), (TODAY.isoformat(), TODAY)],
)
def test_empty_today_and_a_past_date_are_accepted(value, expected):
    form = request_form(value)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["history_from"] == expected


def test_a_date_in_the_future_is_refused_with_the_field_named():
    form = request_form((TODAY + dt.timedelta(days=1)).isoformat())
    assert not form.is_valid()
    [message] = form.errors["history_from"]
    assert message.startswith("Importeren vanaf ligt in de toekomst")


def test_a_date_too_far_back_is_refused_with_the_limit_named(settings):
    settings.KASSALINK_HISTORY_MAX_YEARS = 5
    earliest, _today = history_bounds()
    assert request_form(earliest.isoformat()).is_valid()
    form = request_form((earliest - dt.timedelta(days=1)).isoformat())
    assert not form.is_valid()
    [message] = form.errors["history_from"]
    assert message.startswith("Importeren vanaf kan hoogstens 5 jaar terug")


def test_something_that_is_no_date_is_named():
    form = request_form("31-02-2026")
    assert not form.is_valid()
    assert form.errors["history_from"] == [
        "Importeren vanaf is geen geldige datum; schrijf bijvoorbeeld 2025-01-31."
    ]


def test_a_stored_date_that_drifted_past_the_limit_does_not_block_other_changes(alice):
    long_ago = TODAY.replace(year=TODAY.year - 6)
    connection = make_connection(alice, history_from=long_ago)
    data = {
        "name": "Nieuwe naam",
        "import_notification_email": "import@alice.test",
        "turnover_notification_email": "",
        "history_from": long_ago.isoformat(),
    }
    assert ConnectionSettingsForm(data, instance=connection).is_valid()
    earlier = {**data, "history_from": (long_ago - dt.timedelta(days=1)).isoformat()}
    assert not ConnectionSettingsForm(earlier, instance=connection).is_valid()


def test_the_request_form_offers_a_date_picker_within_the_limits(alice):
    html = alice.client().get(reverse("app_center_request")).content.decode()
    earliest, today = history_bounds()
    assert "Importeren vanaf" in html
    assert (
        f'type="date" name="history_from" min="{earliest.isoformat()}" '
        f'max="{today.isoformat()}"' in html
    )
    assert "Kassabonnen en kloktijden vanaf deze datum worden opgehaald" in html


def test_the_shop_requests_history_and_the_operator_gets_it_as_the_start(alice, operator_client):
    alice.client().post(
        reverse("app_center_request"), {**FORM, "history_from": LAST_YEAR.isoformat()}
    )
    link_request = LinkRequest.objects.get()
    assert link_request.history_from == LAST_YEAR

    url = reverse("operator_request", args=[link_request.pk])
    page = operator_client.get(url)
    assert page.context["form"].initial["history_from"] == LAST_YEAR
    assert f'value="{LAST_YEAR.isoformat()}"' in page.content.decode()

    data = setup_data(44123, alice.team, history_from=LAST_YEAR.isoformat())
    operator_client.post(url, data)
    assert Connection.objects.get().history_from == LAST_YEAR


def test_a_request_in_the_future_is_not_stored(alice):
    future = (TODAY + dt.timedelta(days=3)).isoformat()
    response = alice.client().post(reverse("app_center_request"), {**FORM, "history_from": future})
    assert "Importeren vanaf ligt in de toekomst" in response.content.decode()
    assert not LinkRequest.objects.exists()


def test_the_operator_sets_and_clears_it_on_the_technical_settings(
    operator_client, alice, announced, django_capture_on_commit_callbacks
):
    connection = make_connection(alice)
    url = reverse("operator_connection_edit", args=[connection.pk])
    assert 'name="history_from"' in operator_client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(url, setup_data(44123, alice.team, history_from=LAST_YEAR))
    connection.refresh_from_db()
    assert connection.history_from == LAST_YEAR
    assert announced == [connection.pk]
    page = operator_client.get(reverse("operator_connection", args=[connection.pk]))
    assert "Importeren vanaf" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(url, setup_data(44123, alice.team, history_from=""))
    connection.refresh_from_db()
    assert connection.history_from is None
    assert announced == [connection.pk]  # nothing to fetch when it is cleared


def test_the_operator_is_refused_a_future_date(operator_client, alice):
    connection = make_connection(alice)
    future = TODAY + dt.timedelta(days=1)
    response = operator_client.post(
        reverse("operator_connection_edit", args=[connection.pk]),
        setup_data(44123, alice.team, history_from=future),
    )
    assert "history_from" in response.context["form"].errors
    connection.refresh_from_db()
    assert connection.history_from is None


def gear_data(**overrides) -> dict:
    return {
        "name": "Winkel Centrum",
        "import_notification_email": "import@alice.test",
        "turnover_notification_email": "",
        **overrides,
    }


def test_the_shop_changes_it_behind_the_gear_and_history_is_announced_once(
    alice, announced, django_capture_on_commit_callbacks
):
    connection = make_connection(alice)
    url = reverse("app_center_settings", args=[connection.pk])
    client = alice.client("manager")
    assert "Importeren vanaf" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, gear_data(history_from=LAST_YEAR.isoformat()))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, gear_data(history_from=LAST_YEAR.isoformat(), name="Noord"))

    connection.refresh_from_db()
    assert (connection.history_from, connection.name) == (LAST_YEAR, "Noord")
    assert announced == [connection.pk]  # the second save did not move it


def test_a_link_in_preparation_announces_its_history_when_activated(
    alice, announced, django_capture_on_commit_callbacks
):
    connection = make_connection(alice, status=Connection.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        do_update_connection(connection, {"history_from": LAST_YEAR})
    assert announced == []  # nothing runs yet
    with django_capture_on_commit_callbacks(execute=True):
        do_activate_connection(connection)
    assert announced == [connection.pk]


def test_bob_cannot_reach_alices_gear(alice, bob):
    connection = make_connection(alice)
    url = reverse("app_center_settings", args=[connection.pk])
    response = bob.client().post(url, gear_data(history_from=LAST_YEAR.isoformat()))
    assert response.status_code == 404
    connection.refresh_from_db()
    assert connection.history_from is None


def test_the_link_request_page_shows_the_shops_choice(operator_client, alice):
    link_request = make_link_request(alice, history_from=dt.date(2025, 1, 6))
    html = operator_client.get(reverse("operator_request", args=[link_request.pk])).content
    assert "6 jan 2025" in html.decode()
