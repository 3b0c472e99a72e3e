"""`kassalink connection add|list|test|activate` and `kassalink generate-key`."""

import io
import json
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core import mail
from django.core.management import CommandError, call_command

from kassalink.connections.models import Connection
from kassalink.connections.tests.conftest import closed_port, make_connection

pytestmark = pytest.mark.django_db


def run(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    original = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command(*args, stdout=out, stderr=io.StringIO())
    finally:
        sys.stdin = original
    return out.getvalue()


ADD = ["connection", "add", "--org", "alice", "--name", "Winkel", "--port", "44123"]


def test_add_reads_the_secret_from_stdin_and_prints_the_id(alice):
    out = run(*ADD, "--ident", "mijn-ident", "--branches", "2,1", stdin="s3cret\n")
    connection = Connection.objects.get()
    assert out.strip() == str(connection.pk)
    assert connection.secret == "s3cret"
    assert connection.ident == "mijn-ident"
    assert connection.branches == [1, 2]
    assert connection.host == "api.mpluskassa.nl" and connection.scheme == "https"
    assert connection.status == Connection.Status.DRAFT
    assert connection.import_notification_email == alice.owner.email


def test_an_empty_secret_is_refused(alice):
    with pytest.raises(CommandError, match="secret"):
        run(*ADD, "--ident", "i", stdin="")
    assert not Connection.objects.exists()


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--org", "nobody"], "--org"),
        (["--port", "0"], "--port"),
        (["--port", "abc"], "--port"),
        (["--scheme", "ftp"], "--scheme"),
        (["--branches", "1,x"], "--branches"),
        (["--import-email", "nope"], "--import-email"),
    ],
)
def test_bad_input_names_the_option_and_adds_nothing(alice, args, named):
    with pytest.raises(CommandError, match=named):
        run(*ADD, "--ident", "i", *args, stdin="s")
    assert not Connection.objects.exists()


def test_list_shows_connections_without_secrets(alice, bob, alice_connection):
    make_connection(bob, name="Bob's kassa", secret="bobs-geheim")
    rows = json.loads(run("connection", "list", "--json"))
    assert [r["organization"] for r in rows] == ["alice", "bob"]
    assert "bobs-geheim" not in json.dumps(rows) and "demo" not in json.dumps(rows)
    assert "Bob's kassa" in run("connection", "list")


def test_test_prints_version_and_branches(alice, simulator):
    connection = make_connection(alice, port=simulator.port)
    out = run("connection", "test", str(connection.pk))
    assert out.startswith("ok: MplusKASSA API ")
    assert "branch 3:" in out


def test_test_fails_with_the_reason(alice):
    connection = make_connection(alice, port=closed_port())
    with pytest.raises(CommandError, match="unreachable"):
        run("connection", "test", str(connection.pk))
    with pytest.raises(CommandError, match="no connection 999"):
        run("connection", "test", "999")


def test_activate_switches_it_on_emails_and_queues_the_first_runs(
    alice, django_capture_on_commit_callbacks, monkeypatch
):
    from kassalink.sync import tasks

    queued = []
    monkeypatch.setattr(tasks, "sync_now", lambda pk, **kw: queued.append(pk) or ["receipts"])
    connection = make_connection(alice, status=Connection.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        run("connection", "activate", str(connection.pk))
    connection.refresh_from_db()
    assert connection.status == Connection.Status.ACTIVE
    assert mail.outbox[0].to == [alice.owner.email]
    assert queued == [connection.pk]  # not at the schedule's next tick
    with pytest.raises(CommandError, match="already active"):
        run("connection", "activate", str(connection.pk))


def test_generate_key_prints_a_fernet_key():
    key = run("generate-key").strip()
    Fernet(key.encode())  # raises if it is not a valid key


@pytest.mark.parametrize("command", ["connection", "org", "token", "generate-key"])
def test_each_command_explains_itself(command):
    result = subprocess.run(
        [sys.executable, "-m", "kassalink", command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert "usage:" in result.stdout


def test_the_secret_cannot_be_given_on_the_command_line(alice):
    with pytest.raises(CommandError):
        call_command(*ADD, "--ident", "i", "--secret", "s")


def test_activate_warns_when_the_connection_was_never_tested(alice, simulator):
    connection = make_connection(alice, port=simulator.port, status=Connection.Status.DRAFT)
    err = io.StringIO()
    call_command("connection", "activate", str(connection.pk), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().startswith("warning: This connection has not been tested yet")

    other = make_connection(alice, port=simulator.port, status=Connection.Status.DRAFT)
    run("connection", "test", str(other.pk))
    err = io.StringIO()
    call_command("connection", "activate", str(other.pk), stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == ""
