"""The failure and recovery e-mails to a connection's import-notification address.

Whether to send is decided with a conditional UPDATE on `SyncState.alerted`, so however
many runs fail (or workers race), exactly one failure mail goes out per bad spell and one
recovery mail when it ends. Mail is sent on commit: a rolled-back decision sends nothing.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import F

from kassalink.sync import conf
from kassalink.sync.models import SyncRun, SyncState


def _send(template: str, run: SyncRun, failures: int) -> None:
    from kassalink.connections.models import Connection
    from kassalink.sync.streams import STREAMS
    from kassalink.web.mail import send_templated_mail

    # As it is now, after the run: stopped for refused credentials or not.
    connection = Connection.objects.get(pk=run.connection_id)
    stream = STREAMS[run.stream].label if run.stream in STREAMS else run.stream
    send_templated_mail(
        f"sync/mail/{template}",
        [connection.import_notification_email],
        {"connection": connection, "run": run, "stream": stream, "failures": failures},
    )


def after_failure(state: SyncState, run: SyncRun, *, urgent: bool = False) -> bool:
    """Count the failed run; the Nth in a row (or an `urgent` one) sends the one alert.

    Returns True when this call decided to send. Call inside a transaction.
    """
    SyncState.objects.filter(pk=state.pk).update(failures_in_a_row=F("failures_in_a_row") + 1)
    state.refresh_from_db(fields=["failures_in_a_row", "alerted"])
    if not urgent and state.failures_in_a_row < conf.alert_after_failures():
        return False
    if not SyncState.objects.filter(pk=state.pk, alerted=False).update(alerted=True):
        return False  # already alerted for this bad spell
    transaction.on_commit(partial(_send, "failure", run, state.failures_in_a_row))
    return True


def after_success(state: SyncState, run: SyncRun) -> bool:
    """Reset the failure count; if an alert went out, send the one recovery mail."""
    failures = state.failures_in_a_row
    SyncState.objects.filter(pk=state.pk).update(failures_in_a_row=0)
    if not SyncState.objects.filter(pk=state.pk, alerted=True).update(alerted=False):
        return False
    transaction.on_commit(partial(_send, "recovery", run, failures))
    return True
