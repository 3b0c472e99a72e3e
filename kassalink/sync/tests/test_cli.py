"""`kassalink sync ID --stream NAME [--json]`: summary, exit codes, clear errors."""

import json

import pytest
from django.core.management import CommandError, call_command

from kassalink.mplus.errors import MplusUnavailable
from kassalink.sync import locks


def sync(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("sync", *args, stdout=out)
    return out.getvalue()


def test_prints_counts_and_cursors(alice, fake_stream):
    fake_stream(count=7, page_size=3)

    out = sync(str(alice.pk), "--stream", "fake")

    assert f"fake for connection {alice.pk}: succeeded" in out
    assert "created 7, updated 0, skipped 0" in out
    assert "cursor before {}" in out
    assert 'cursor after  {"sync_marker": 7}' in out


def test_json_for_machines(alice, fake_stream):
    fake_stream(count=2)

    summary = json.loads(sync(str(alice.pk), "--stream", "fake", "--json"))

    assert summary["status"] == "succeeded"
    assert (summary["created"], summary["cursor_after"]) == (2, {"sync_marker": 2})


def test_a_failed_run_exits_non_zero_with_the_reason(alice, fake_stream):
    fake_stream(fetch_error=MplusUnavailable("the account did not answer"))

    with pytest.raises(CommandError, match="sync failed: MplusUnavailable: the account") as err:
        sync(str(alice.pk), "--stream", "fake")
    assert err.value.returncode == 1


def test_a_held_lock_exits_non_zero(alice, fake_stream):
    locks.claim(alice.pk, "fake", "worker")

    with pytest.raises(CommandError, match="holds the lock") as err:
        sync(str(alice.pk), "--stream", "fake")
    assert err.value.returncode == 1


def test_unknown_stream_lists_the_valid_ones(alice):
    with pytest.raises(CommandError, match="valid streams: receipts, employees") as err:
        sync(str(alice.pk), "--stream", "sales")
    assert err.value.returncode == 2


def test_unknown_connection_lists_the_known_ones(alice):
    with pytest.raises(CommandError, match=f"connections: {alice.pk} \\(Bakkerij Alice kassa\\)"):
        sync("999", "--stream", "receipts")


def test_turnover_for_a_connection_without_it_is_refused(alice):
    alice.turnover_settings.enabled = False
    alice.turnover_settings.save()

    with pytest.raises(CommandError, match="not enabled"):
        sync(str(alice.pk), "--stream", "turnover")
