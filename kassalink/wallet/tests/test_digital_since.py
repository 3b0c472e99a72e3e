"""A receipt that reached a customer digitally (scanned into a wallet, kept from its
claim link, e-mailed) carries `digital_since`, so the shop's "digital or paper" filter and
the digital share in the sales figures count it; a paper-only sale stays paper."""

from django.core import mail
from django.test import Client
from django.utils import timezone

from kassalink.mplus.types import Order
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.models import Receipt
from kassalink.receipts.tests.sales import credit, sale
from kassalink.receipts.tests.test_api_receipts import member

from .conftest import code_of


def _now():
    return timezone.now().replace(microsecond=0)


def _arrive(till, session_id: str, marker: int, **changes):
    receipt = sale(_now(), order_id=f"o-{session_id}", marker=marker, **changes)
    import_receipts(till.connection, [receipt], [Order(f"o-{session_id}", session_id)])
    return Receipt.objects.get(mplus_id=receipt.receipt_id)


def _claim_path(till, session_id: str) -> str:
    footer = till.answer(till.complete(session_id)).receipt_footer
    return "/" + footer.code.split("://", 1)[1].split("/", 1)[1]


def test_a_scanned_receipt_is_digital_and_the_dashboard_filter_finds_it(till, carol):
    till.scan(code_of(carol), "s-scan")
    till.complete("s-scan")
    scanned = _arrive(till, "s-scan", 1)
    paper = _arrive(till, "s-paper", 2)
    assert scanned.digital_since is not None
    assert paper.digital_since is None
    shop = member(till.connection)
    digital = shop.get("/api/v1/receipts/?digital=true").json()["results"]
    on_paper = shop.get("/api/v1/receipts/?digital=false").json()["results"]
    assert [r["id"] for r in digital] == [scanned.pk]
    assert [r["id"] for r in on_paper] == [paper.pk]


def test_a_return_of_a_wallet_receipt_is_digital_too(till, carol):
    till.scan(code_of(carol), "s-1")
    till.complete("s-1")
    original = sale(_now(), order_id="o-1", marker=1)
    import_receipts(till.connection, [original], [Order("o-1", "s-1")])
    import_receipts(till.connection, [credit(original, _now(), 2)], [])
    assert Receipt.objects.filter(digital_since__isnull=True).count() == 0


def test_keeping_a_receipt_from_its_claim_link_makes_it_digital(
    till, django_capture_on_commit_callbacks
):
    path = _claim_path(till, "s-claim")
    receipt = _arrive(till, "s-claim", 1)
    assert receipt.digital_since is None  # printed on paper, not yet anyone's
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(path, {"action": "keep", "email": "erin@example.com"})
    receipt.refresh_from_db()
    assert receipt.digital_since is not None


def test_a_receipt_mailed_from_the_claim_page_is_digital(till, django_capture_on_commit_callbacks):
    path = _claim_path(till, "s-mail")
    receipt = _arrive(till, "s-mail", 1)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(path, {"action": "email", "email": "frank@example.com"})
    assert mail.outbox[-1].to == ["frank@example.com"]
    receipt.refresh_from_db()
    assert receipt.digital_since is not None


def test_a_receipt_mailed_to_the_pos_relation_is_digital_and_keeps_its_first_moment(
    till, django_capture_on_commit_callbacks
):
    from kassalink.mplus import webhooks

    relation = webhooks.Relation(5001, "gert@example.com")
    till.post(till.request("completeSession", "s-r", relation=relation))
    with django_capture_on_commit_callbacks(execute=True):
        receipt = _arrive(till, "s-r", 1)
    receipt.refresh_from_db()
    first = receipt.digital_since
    assert first is not None and mail.outbox[0].to == ["gert@example.com"]
    again = sale(receipt.entry_at, order_id="o-s-r", marker=1, receipt_id=receipt.mplus_id)
    import_receipts(till.connection, [again], [])
    assert Receipt.objects.count() == 1
    receipt.refresh_from_db()
    assert receipt.digital_since == first  # a re-import does not make it paper again
