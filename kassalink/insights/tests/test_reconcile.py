"""The daily check of turnover computed from receipts against reportTurnover."""

import datetime as dt

from django.core import mail

from kassalink.insights.models import TurnoverBucket
from kassalink.insights.reconcile import reconcile_turnover
from kassalink.mplus.types import TurnoverRow
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.tests.sales import AMS, bread, sale
from kassalink.sync.models import SyncState
from kassalink.sync.streams import TurnoverStream

TUESDAY = dt.date(2026, 3, 10)


def report(day: dt.date, incl: int, excl: int) -> TurnoverRow:
    return TurnoverRow(
        financial_date=day,
        at=None,
        source="REPORT-TURNOVER-SOURCE-RECEIPT",
        count=1,
        total_incl_cents=incl,
        total_excl_cents=excl,
        credited_incl_cents=0,
        credited_excl_cents=0,
        credited_count=0,
    )


def test_matching_turnover_sends_nothing(alice, django_capture_on_commit_callbacks):
    import_receipts(alice, [sale(dt.datetime(2026, 3, 10, 9, 0, tzinfo=AMS), (bread(),))])
    excl = bread().total_excl_cents

    with django_capture_on_commit_callbacks(execute=True):
        result = reconcile_turnover(alice, [TUESDAY], {1: [report(TUESDAY, 395, excl)]})

    assert (result.updated, result.skipped, result.notes) == (0, 1, ())
    assert mail.outbox == []


def test_a_difference_goes_to_the_run_log_and_one_mail(alice, django_capture_on_commit_callbacks):
    import_receipts(alice, [sale(dt.datetime(2026, 3, 10, 9, 0, tzinfo=AMS), (bread(),))])
    excl = bread().total_excl_cents
    wednesday = TUESDAY + dt.timedelta(days=1)
    reports = {
        1: [report(TUESDAY, 790, excl * 2), report(wednesday, 0, 0)],
        2: [report(wednesday, 500, 450)],
    }

    with django_capture_on_commit_callbacks(execute=True):
        result = reconcile_turnover(alice, [TUESDAY, wednesday], reports)

    assert result.updated == 2
    assert result.notes == (
        f"turnover 2026-03-10 branch 1: receipts 395 incl./{excl} excl. cents, "
        f"reportTurnover 790/{excl * 2}",
        "turnover 2026-03-11 branch 2: receipts 0 incl./0 excl. cents, reportTurnover 500/450",
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [alice.turnover_notification_email]
    assert "2026, filiaal 1: kassalink € 3,95 incl. btw, MplusKASSA € 7,90" in message.body
    assert "filiaal 2" in message.body


def test_reconciliation_waits_for_the_day_and_its_receipts(alice):
    stream = TurnoverStream(now=lambda: dt.datetime(2026, 3, 11, 7, 0, tzinfo=AMS))
    assert stream.due_dates(alice, {}) == []  # no receipts run since the day closed

    SyncState.objects.create(
        connection=alice,
        stream="receipts",
        last_success_at=dt.datetime(2026, 3, 11, 6, 30, tzinfo=AMS),
    )
    assert stream.due_dates(alice, {"through": "2026-03-09"}) == [TUESDAY]
    assert stream.due_dates(alice, {"through": "2026-03-10"}) == []
    early = TurnoverStream(now=lambda: dt.datetime(2026, 3, 11, 5, 59, tzinfo=AMS))
    assert early.due_dates(alice, {"through": "2026-03-09"}) == []  # a late shift may still sell


def test_the_simulators_day_reconciles_then_a_lost_receipt_is_found(
    alice, simulator, django_capture_on_commit_callbacks
):
    _sim, client = simulator
    import_receipts(alice, list(client.iter_receipts()))
    saturday = dt.date(2026, 3, 28)
    reports = {b: client.report_turnover(saturday, saturday, branch_numbers=[b]) for b in (1, 2, 3)}

    assert reconcile_turnover(alice, [saturday], reports).notes == ()

    TurnoverBucket.objects.filter(financial_date=saturday, branch_number=1).first().delete()
    with django_capture_on_commit_callbacks(execute=True):
        result = reconcile_turnover(alice, [saturday], reports)
    assert len(result.notes) == 1 and "branch 1" in result.notes[0]
    assert len(mail.outbox) == 1
