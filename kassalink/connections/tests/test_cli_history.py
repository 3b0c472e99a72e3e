"""`kassalink connection add --history-from` and `kassalink connection history ID`."""

import datetime as dt
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError
from django.utils import timezone

from kassalink.connections.models import Connection
from kassalink.connections.signals import history_wanted
from kassalink.connections.tests.conftest import make_connection
from kassalink.connections.tests.test_cli_connection import ADD, run

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = TODAY - dt.timedelta(days=365)
TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
def announced():
    sent: list[int] = []

    def receiver(sender, connection, **kwargs):
        sent.append(connection.pk)

    history_wanted.connect(receiver)
    yield sent
    history_wanted.disconnect(receiver)


def test_add_takes_the_history_setting(alice):
    run(*ADD, "--ident", "i", "--history-from", LAST_YEAR.isoformat(), stdin="s")
    assert Connection.objects.get().history_from == LAST_YEAR


def test_add_refuses_a_future_date_with_exit_code_2(alice):
    with pytest.raises(CommandError, match="--history-from: Import from is in the future") as error:
        run(*ADD, "--ident", "i", "--history-from", TOMORROW.isoformat(), stdin="s")
    assert error.value.returncode == 2
    assert not Connection.objects.exists()


def test_history_shows_sets_and_clears(alice, announced, django_capture_on_commit_callbacks):
    connection = make_connection(alice)
    assert "no history setting" in run("connection", "history", str(connection.pk))

    with django_capture_on_commit_callbacks(execute=True):
        out = run("connection", "history", str(connection.pk), "--from", LAST_YEAR.isoformat())
    assert f"history from {LAST_YEAR.isoformat()}" in out
    connection.refresh_from_db()
    assert connection.history_from == LAST_YEAR
    assert announced == [connection.pk]

    with django_capture_on_commit_callbacks(execute=True):
        run("connection", "history", str(connection.pk), "--clear")
    connection.refresh_from_db()
    assert connection.history_from is None
    assert announced == [connection.pk]


def test_history_json(alice):
    connection = make_connection(alice, history_from=dt.date(2025, 1, 6))
    body = json.loads(run("connection", "history", str(connection.pk), "--json"))
    assert body == {"id": connection.pk, "status": "active", "history_from": "2025-01-06"}
    run("connection", "history", str(connection.pk), "--clear")
    body = json.loads(run("connection", "history", str(connection.pk), "--json"))
    assert body["history_from"] is None


def test_list_shows_the_setting(alice):
    make_connection(alice, history_from=dt.date(2025, 1, 6))
    [row] = json.loads(run("connection", "list", "--json"))
    assert row["history_from"] == "2025-01-06"


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (TOMORROW.isoformat(), "--from: Import from is in the future"),
        (TODAY.replace(year=TODAY.year - 6).isoformat(), "--from: Import from goes back 5 years"),
    ],
)
def test_a_date_out_of_range_exits_2_naming_the_option(alice, value, says):
    connection = make_connection(alice)
    with pytest.raises(CommandError, match=says) as error:
        run("connection", "history", str(connection.pk), "--from", value)
    assert error.value.returncode == 2
    connection.refresh_from_db()
    assert connection.history_from is None


@pytest.mark.parametrize(
    "args",
    [
        ["history", "1", "--from", "2025-13-01"],
        ["history", "1", "--from", "06-01-2025"],
        ["history", "1", "--from", "2025-01-06", "--clear"],
        ["add", "--org", "x", "--name", "n", "--port", "1", "--history-from", "gisteren"],
    ],
)
def test_a_malformed_date_exits_2_naming_the_option(args):
    result = subprocess.run(
        [sys.executable, "-m", "kassalink", "connection", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert "--from" in result.stderr or "--history-from" in result.stderr
