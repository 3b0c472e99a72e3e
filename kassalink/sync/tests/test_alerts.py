"""Failures in a row: one alert mail after N, one recovery mail, never one per run."""

from django.core import mail

from kassalink.mplus.errors import MplusAuthError, MplusUnavailable
from kassalink.sync.models import SyncRun, SyncState
from kassalink.sync.runner import AUTH_REASON, run_stream
from kassalink.sync.schedule import due_runs


def run(connection) -> SyncRun:
    return run_stream(connection.pk, "fake", SyncRun.Trigger.SCHEDULE)


def test_one_alert_after_three_failures_and_one_recovery_mail(
    alice, fake_stream, settings, django_capture_on_commit_callbacks
):
    settings.KASSALINK_ALERT_AFTER_FAILURES = 3
    fake_stream(fetch_error=MplusUnavailable("getReceipts: the account did not answer"))

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            run(alice)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(20):
            run(alice)
    assert len(mail.outbox) == 1
    alert = mail.outbox[0]
    assert alert.to == ["owner@alice.example"]
    assert "mislukt" in alert.subject and "Nep" in alert.subject
    assert "did not answer" in alert.body
    state = SyncState.objects.get(connection=alice, stream="fake")
    assert (state.failures_in_a_row, state.alerted) == (22, True)

    fake_stream(count=3)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            run(alice)
    assert len(mail.outbox) == 2
    assert "werkt weer" in mail.outbox[1].subject
    state.refresh_from_db()
    assert (state.failures_in_a_row, state.alerted) == (0, False)


def test_a_short_bad_spell_sends_nothing(alice, fake_stream, django_capture_on_commit_callbacks):
    fake_stream(fetch_error=MplusUnavailable("x"))
    with django_capture_on_commit_callbacks(execute=True):
        run(alice)
        run(alice)
        fake_stream(count=1)
        run(alice)
        fake_stream(fetch_error=MplusUnavailable("x"))
        run(alice)
        run(alice)

    assert mail.outbox == []


def test_refused_credentials_stop_the_connection_and_alert_at_once(
    alice, fake_stream, django_capture_on_commit_callbacks
):
    fake_stream(fetch_error=MplusAuthError("getReceipts: the account refused the credentials"))

    with django_capture_on_commit_callbacks(execute=True):
        result = run(alice)

    alice.refresh_from_db()
    assert result.status == SyncRun.Status.FAILED and result.error == AUTH_REASON
    assert alice.status == alice.Status.NEEDS_ATTENTION
    assert alice.status_reason == AUTH_REASON
    to_shop = [m for m in mail.outbox if alice.import_notification_email in m.to]
    assert len(to_shop) == 1 and len(mail.outbox) == 2  # and one to the operators
    assert all("demo" not in m.body for m in mail.outbox)  # never the ident or secret
    assert list(due_runs()) == []  # no more scheduled runs


def test_a_good_run_after_fixed_credentials_makes_the_connection_active_again(
    alice, fake_stream, django_capture_on_commit_callbacks
):
    fake_stream(fetch_error=MplusAuthError("refused"))
    run(alice)
    fake_stream(count=2)

    with django_capture_on_commit_callbacks(execute=True):
        run_stream(alice.pk, "fake", SyncRun.Trigger.MANUAL)

    alice.refresh_from_db()
    assert alice.status == alice.Status.ACTIVE and alice.status_reason == ""
