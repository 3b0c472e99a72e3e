"""Our POS webhook endpoint, as MplusKASSA's till calls it: signed JSON, the event in the
URL, refusals with the documented error codes, and never a blocked sale."""

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import OperationalError, connection

from kassalink.mplus import webhooks
from kassalink.wallet import spool
from kassalink.wallet import till as till_module
from kassalink.wallet.models import PosSession, WebhookCall

from .conftest import code_of, new_session


def test_a_customer_code_is_recognized_and_the_session_remembered(till, carol):
    response = till.scan(code_of(carol), "s-1")
    assert response.status_code == 200
    answer = till.answer(response)  # signed with the subscription's key
    assert answer.scan_code.recognized is True
    assert answer.scan_code.customer_message == "Digitale bon voor c•••@example.com"
    assert answer.scan_code.message
    session = PosSession.objects.get(session_id="s-1")
    assert session.customer == carol and session.connection == till.connection
    assert (session.branch_number, session.workplace_number) == (1, 1)
    call = WebhookCall.objects.get()
    assert call.event == "scanCode" and call.status == 200 and call.outcome == "recognized"


@pytest.mark.parametrize("code", ["KL1AAAAAAAAAA123456", "KL1-nonsense", "HELLO WORLD", ""])
def test_unknown_or_malformed_codes_are_not_recognized(till, carol, code):
    answer = till.answer(till.scan(code))
    assert answer.scan_code.recognized is False and answer.scan_code.message
    assert not PosSession.objects.exists()


def test_an_expired_code_is_not_recognized(till, carol):
    old = code_of(carol, datetime.now(UTC) - timedelta(minutes=5))
    answer = till.answer(till.scan(old))
    assert answer.scan_code.recognized is False
    assert "verlopen" in answer.scan_code.message


def test_a_code_replayed_in_another_sale_is_refused_but_a_rescan_is_fine(till, carol):
    code = code_of(carol)
    assert till.answer(till.scan(code, "s-1")).scan_code.recognized
    assert till.answer(till.scan(code, "s-1")).scan_code.recognized  # cashier scans twice
    answer = till.answer(till.scan(code, "s-2"))
    assert answer.scan_code.recognized is False and "al gebruikt" in answer.scan_code.message


def test_another_customers_token_under_a_public_id_is_refused(till, carol, dave):
    carols, daves = code_of(carol), code_of(dave)
    forged = carols[:13] + daves[13:]
    if forged == carols:
        pytest.skip("the two tokens happen to be equal")
    assert till.answer(till.scan(forged)).scan_code.recognized is False


def test_the_typed_fallback_works_for_one_sale(till, carol):
    from kassalink.wallet.customers import do_show_code

    typed = do_show_code(carol).typed
    assert till.answer(till.scan(typed.lower(), "s-1")).scan_code.recognized
    assert till.answer(till.scan(typed, "s-2")).scan_code.recognized is False


def test_a_missing_signature_is_refused_and_nothing_stored(till, carol):
    body = webhooks.encode_request(till.request("scanCode", scanned_code=code_of(carol)))
    response = till.post_raw(
        "scanCode", body, {"X-Mplus-Subscription-Id": till.connection.webhook_subscription_id}
    )
    assert response.status_code == 400
    assert json.loads(response.content)["error"]["code"] == "NO_SIGNATURE"
    assert not PosSession.objects.exists()
    assert WebhookCall.objects.get().error_code == "NO_SIGNATURE"  # the log shows it


def test_a_wrong_signature_is_refused(till, carol):
    request = till.request("scanCode", scanned_code=code_of(carol))
    response = till.post(request, key=webhooks.new_secret_key())
    assert response.status_code == 400
    assert till.answer(response).error[0] == "INVALID_SIGNATURE"  # the refusal is signed too
    assert not PosSession.objects.exists()


def test_a_wrong_subscription_id_is_refused(till, carol):
    request = till.request("scanCode", scanned_code=code_of(carol))
    response = till.post(request, sub="someone-else")
    assert response.status_code == 400
    assert json.loads(response.content)["error"]["code"] == "INVALID_SUBSCRIPTION_ID"
    till.connection.webhook_subscription_id = "nobody"
    assert till.post(request, sub="nobody").status_code == 400
    assert not PosSession.objects.exists()


@pytest.mark.parametrize("body", [b"{", b"[]", b'{"event": {}}', b"\xff\xfe"])
def test_malformed_bodies_get_invalid_request(till, body):
    headers = webhooks.signed_headers(body, till.connection.webhook_subscription_id, till.key)
    response = till.post_raw("scanCode", body, headers)
    assert response.status_code == 400
    assert json.loads(response.content)["error"]["code"] == "INVALID_REQUEST"
    assert not PosSession.objects.exists()


def test_an_unknown_event_gets_invalid_request(till):
    body = webhooks.encode_request(till.request("scanCode", scanned_code="x"))
    headers = webhooks.signed_headers(body, till.connection.webhook_subscription_id, till.key)
    assert till.post_raw("launchRocket", body, headers).status_code == 400


def test_an_old_event_is_refused_as_a_replay(till, carol):
    request = till.request(
        "scanCode", scanned_code=code_of(carol), timestamp=datetime.now(UTC) - timedelta(hours=1)
    )
    assert till.post(request).status_code == 400


def test_a_replayed_event_gets_the_first_answer_and_changes_nothing(till, carol):
    request = till.request("completeSession", "s-9")
    first = till.post(request)
    again = till.post(request)
    assert first.content == again.content
    assert PosSession.objects.count() == 1
    assert list(WebhookCall.objects.order_by("pk").values_list("outcome", flat=True)) == [
        "claim link printed", "replay"
    ]  # fmt: skip


def test_an_event_counter_reset_is_not_a_replay(till, carol):
    first = till.request("completeSession", "s-1")
    till.post(first)
    time.sleep(0.001)
    reset = till.request("completeSession", "s-2", counter=first.counter)  # counter back
    till.post(reset)
    assert PosSession.objects.count() == 2


def test_complete_session_without_customer_prints_a_claim_link(till):
    answer = till.answer(till.complete("s-1"))
    footer = answer.receipt_footer
    assert footer is not None and footer.code_type == "qrcode"
    assert footer.code.startswith("http://") and "/bon/" in footer.code
    session = PosSession.objects.get()
    assert session.completed_at is not None and session.total_incl_cents == 1234
    assert session.claim_hash


def test_complete_session_with_a_customer_prints_nothing(till, carol):
    till.scan(code_of(carol), "s-1")
    answer = till.answer(till.complete("s-1"))
    assert answer.receipt_footer is None
    assert PosSession.objects.get().customer == carol


def test_complete_session_not_blocking_gets_no_footer(till):
    till.connection.webhook_blocking_events = ["scanCode"]
    till.connection.save()
    answer = till.answer(till.post(till.request("completeSession", "s-1", blocking=False)))
    assert answer.receipt_footer is None


def test_complete_session_starts_the_receipts_run_after_commit(
    till, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(
        "kassalink.sync.tasks.run_stream_task.apply_async",
        lambda args, countdown: queued.append((args, countdown)),
    )
    monkeypatch.setattr(till_module, "_next_run", {})
    with django_capture_on_commit_callbacks(execute=True):
        till.complete("s-1")
    assert queued == [((till.connection.pk, "receipts", "webhook"), 0)]
    with django_capture_on_commit_callbacks(execute=True):
        till.complete("s-2")  # right after: one more run, a second after the first
        till.complete("s-3")  # and that one, not started yet, covers this sale too
    assert len(queued) == 2 and 0.9 < queued[1][1] <= 1.0


def test_the_database_down_still_answers_well_formed(till, carol):
    code = code_of(carol)
    till.scan("KL1AAAAAAAAAA123456", "warm-up")  # the subscription is known to this process

    def down(*args, **kwargs):
        raise OperationalError("database is down")

    with connection.execute_wrapper(down):
        response = till.scan(code, new_session())
        completed = till.complete(new_session())
    assert response.status_code == 200
    assert till.answer(response).scan_code.recognized is False
    assert completed.status_code == 200 and till.answer(completed).error is None


@pytest.mark.django_db(transaction=True)  # the lost connection is dropped, as in production
def test_a_code_scanned_while_the_database_was_down_is_tied_later(till, carol, monkeypatch):
    monkeypatch.setattr(till_module, "start_receipts_run", lambda connection_id: None)
    till.scan("KL1AAAAAAAAAA123456", "warm-up")  # the subscription is known to this process
    code = code_of(carol)

    def down(*args, **kwargs):
        raise OperationalError("database is down")

    with connection.execute_wrapper(down):
        answer = till.answer(till.scan(code, "s-down"))
    assert answer.scan_code.recognized is False  # the till went on without us
    assert not PosSession.objects.filter(session_id="s-down").exists()
    till.complete("s-next")  # the database answers again: what waited is handled first
    session = PosSession.objects.get(session_id="s-down")
    assert session.customer == carol
    assert WebhookCall.objects.filter(outcome="deferred: recognized").exists()
    assert not list(spool.folder().iterdir())


@pytest.mark.django_db(transaction=True)
def test_a_code_scanned_while_the_database_was_down_survives_a_restart(till, carol, monkeypatch):
    monkeypatch.setattr(till_module, "start_receipts_run", lambda connection_id: None)
    till.scan("KL1AAAAAAAAAA123456", "warm-up")
    code = code_of(carol)

    def down(*args, **kwargs):
        raise OperationalError("database is down")

    with connection.execute_wrapper(down):
        till.scan(code, "s-down")
    # The web process restarts: its memory is gone, its spool file is on disk under the
    # old process's id.
    (mine,) = spool.folder().iterdir()
    mine.rename(mine.with_name("pending-999999999.jsonl"))  # no such process
    spool.forget_known_state()
    till.complete("s-after-restart")
    assert PosSession.objects.get(session_id="s-down").customer == carol
    assert WebhookCall.objects.filter(outcome="deferred: recognized").count() == 1
    assert not list(spool.folder().iterdir())
    till.complete("s-later")  # handled once only
    assert WebhookCall.objects.filter(outcome__startswith="deferred").count() == 1


def test_a_live_processs_spool_is_left_to_it(till, carol):
    import os

    other = spool.folder() / f"pending-{os.getppid()}.jsonl"  # a process that is running
    other.write_text("{}\n")
    till.complete("s-1")
    assert other.exists()


def test_the_database_down_before_anything_is_known_still_answers(till, carol):
    def down(*args, **kwargs):
        raise OperationalError("database is down")

    with connection.execute_wrapper(down):
        response = till.scan("KL1AAAAAAAAAA123456")
    assert response.status_code == 200
    assert webhooks.parse_answer(200, response.content).scan_code.recognized is False


@pytest.mark.django_db(transaction=True)
def test_a_slow_database_gets_the_fallback_within_the_budget(till, carol, settings, monkeypatch):
    import threading

    settings.KASSALINK_WEBHOOK_ANSWER_BUDGET_MS = 200
    real = till_module.handle
    finished = threading.Event()

    def slow(*args, **kwargs):
        time.sleep(1.0)
        try:
            return real(*args, **kwargs)
        finally:
            finished.set()

    monkeypatch.setattr(till_module, "handle", slow)
    started = time.perf_counter()
    response = till.scan(code_of(carol), "s-slow")
    assert time.perf_counter() - started < 0.9  # answered before the work finished
    assert till.answer(response).scan_code.recognized is False
    # The work goes on and remembers the session ("tied later"); wait for it so it cannot
    # write into the next test's database.
    assert finished.wait(10)
    assert PosSession.objects.get(session_id="s-slow").customer == carol
