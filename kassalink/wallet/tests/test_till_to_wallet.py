"""The whole road over real HTTP: the simulator's cashier scans Carol's code at the till,
our endpoint recognises it, completeSession starts the receipts run, and the receipt is in
Carol's wallet; a shopper without a code gets a claim link printed under the receipt."""

import pytest

from kassalink.connections.webhook_settings import do_new_webhook_secret
from kassalink.mplus.simulator import Simulator, serve_in_thread
from kassalink.receipts.models import Receipt
from kassalink.wallet.models import PosSession, WalletEntry

from .conftest import code_of


@pytest.fixture
def shop_with_till(alice, live_server, settings):
    from kassalink.connections.models import Connection

    settings.SITE_URL = live_server.url
    sim = Simulator(seed=3, history_days=0, employees=4, branches=1)
    with serve_in_thread(sim) as server:
        connection = Connection.objects.create(
            organization=alice.organization, name="Winkel", host="127.0.0.1",
            port=server.port, scheme="http", ident="demo", secret="demo",
            import_notification_email=alice.owner.email, status=Connection.Status.ACTIVE,
        )  # fmt: skip
        key = do_new_webhook_secret(connection)
        from kassalink.connections.webhook_settings import endpoint_url
        from kassalink.wallet.codes import SCAN_PATTERN

        sim.add_webhook_consumer(
            endpoint_url(connection), connection.webhook_subscription_id, key,
            patterns=[SCAN_PATTERN],
        )  # fmt: skip
        yield sim, connection


@pytest.mark.django_db(transaction=True)
def test_a_scanned_sale_lands_in_the_wallet(shop_with_till, carol):
    sim, _connection = shop_with_till
    sale = sim.cashier_sale(workplace=1, branch=1, scan_code=code_of(carol))
    scan, complete = sale.calls
    assert scan.status == 200 and scan.answer.scan_code.recognized, scan.answer
    assert scan.answer.scan_code.customer_message == "Digitale bon voor c•••@example.com"
    assert complete.status == 200 and sale.footer is None
    receipt = Receipt.objects.get(mplus_id=sale.receipt.receipt_id)  # the run started at once
    entry = WalletEntry.objects.get(receipt=receipt)
    assert entry.customer == carol and entry.source == "scanned"
    assert PosSession.objects.get(receipt=receipt).match_rule == "session_id"


@pytest.mark.django_db(transaction=True)
def test_a_sale_without_a_code_prints_a_claim_link_that_shows_the_receipt(
    shop_with_till, live_server
):
    import urllib.request

    sim, _connection = shop_with_till
    sale = sim.cashier_sale(workplace=1, branch=1)
    assert [c.event for c in sale.calls] == ["completeSession"]
    assert sale.footer is not None and sale.footer.code.startswith(live_server.url + "/bon/")
    with urllib.request.urlopen(sale.footer.code, timeout=10) as response:
        page = response.read().decode()
    assert sale.receipt.transaction_string in page
