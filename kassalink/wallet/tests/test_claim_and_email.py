"""A shopper without the app: the claim link printed under the receipt shows it without an
account, keeps it in a wallet with one tap, or mails it (HTML + PDF)."""

from django.core import mail
from django.test import Client
from django.utils import timezone

from kassalink.mplus.types import Order
from kassalink.receipts.imports import import_receipts
from kassalink.receipts.tests.sales import sale
from kassalink.wallet.models import PosSession, WalletEntry


def _now():
    """Till times are whole seconds (SoapMplusDateTime); the PDF renderer relies on it."""
    return timezone.now().replace(microsecond=0)


def _claim_path(till, session_id: str = "s-1") -> str:
    footer = till.answer(till.complete(session_id)).receipt_footer
    return "/" + footer.code.split("://", 1)[1].split("/", 1)[1]


def _arrive(till, session_id: str = "s-1", **changes):
    receipt = sale(_now(), order_id=f"o-{session_id}", **changes)
    import_receipts(till.connection, [receipt], [Order(f"o-{session_id}", session_id)])
    return receipt


def test_the_claim_link_waits_for_the_receipt_then_shows_it(till):
    path = _claim_path(till)
    waiting = Client().get(path)
    assert waiting.status_code == 200 and b"komt eraan" in waiting.content
    receipt = _arrive(till)
    page = Client().get(path)
    assert page.status_code == 200
    assert receipt.transaction_string.encode() in page.content
    pdf = Client().get(path + "pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_keep_in_wallet_makes_an_account_and_hides_the_link_from_others(
    till, django_capture_on_commit_callbacks
):
    path = _claim_path(till)
    _arrive(till)
    shopper = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = shopper.post(path, {"action": "keep", "email": "erin@example.com"})
    assert response.status_code == 200
    entry = WalletEntry.objects.get()
    assert entry.customer.user.email == "erin@example.com" and entry.source == "claimed"
    assert PosSession.objects.get().claimed_at is not None
    assert any("inloglink" in m.subject for m in mail.outbox)  # her sign-in link
    assert Client().get(path).status_code == 410  # one-time: nobody else sees it now
    assert Client().get(path + "pdf/").status_code == 404


def test_a_bad_email_on_the_claim_page_is_a_form_error_and_changes_nothing(till):
    path = _claim_path(till)
    _arrive(till)
    response = Client().post(path, {"action": "keep", "email": "not-an-address"})
    assert response.status_code == 200 and b"error" in response.content
    assert not WalletEntry.objects.exists()


def test_the_shopper_types_an_email_and_gets_the_receipt(till, django_capture_on_commit_callbacks):
    path = _claim_path(till)
    receipt = _arrive(till)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(path, {"action": "email", "email": "frank@example.com"})
    message = mail.outbox[-1]
    assert message.to == ["frank@example.com"]
    assert receipt.transaction_string in message.body
    html = message.alternatives[0]
    assert html[1] == "text/html" and "<table" in html[0]
    _name, content, kind = message.attachments[0]
    assert kind == "application/pdf" and content.startswith(b"%PDF")
    assert "/bon/" in message.body  # a link to keep it in a wallet
    session = PosSession.objects.get()
    assert session.emailed_to == "frank@example.com" and session.emailed_at


def test_a_pos_relation_email_gets_the_receipt_when_it_arrives(
    till, django_capture_on_commit_callbacks
):
    from kassalink.mplus import webhooks

    relation = webhooks.Relation(5001, "gert@example.com")
    till.post(till.request("completeSession", "s-r", relation=relation))
    with django_capture_on_commit_callbacks(execute=True):
        _arrive(till, "s-r")
    assert [m.to for m in mail.outbox] == [["gert@example.com"]]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_an_unknown_claim_token_is_a_404(db):
    assert Client().get("/bon/not-a-token/").status_code == 404


def test_a_claim_link_mails_one_address_once_a_minute(till, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    cache.clear()
    path = _claim_path(till)
    _arrive(till)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            response = Client().post(path, {"action": "email", "email": "frank@example.com"})
    assert len(mail.outbox) == 1
    assert "zojuist al een bon" in response.content.decode()


def test_the_claim_page_speaks_the_readers_language(till):
    path = _claim_path(till)
    _arrive(till)
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get(path).content.decode()
    assert "Total" in page and "17.75" in page and "17,75" not in page  # the receipt's total
