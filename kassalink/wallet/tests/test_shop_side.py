"""The shop's side: digital receipts per day and the webhook log on the connection, only
for that shop; the operator's webhook settings with a secret shown once."""

from kassalink.wallet.models import WebhookCall

from .conftest import code_of
from .receipts_in_wallet import give


def test_the_shop_sees_its_digital_receipts_and_webhook_log(till, carol, alice):
    till.scan(code_of(carol), "s-1")
    give(till.connection, carol)
    page = alice.client().get(
        f"/instellingen/app-center/mpluskassa/{till.connection.pk}/digitale-bonnen/"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "scanCode" in html and "recognized" in html
    assert "<td>1</td>" in html  # one scanned today


def test_another_shop_sees_nothing(till, carol, bob):
    till.scan(code_of(carol), "s-1")
    page = bob.client().get(
        f"/instellingen/app-center/mpluskassa/{till.connection.pk}/digitale-bonnen/"
    )
    assert page.status_code == 404


def test_the_operator_makes_a_new_secret_shown_once(till, operator_client):
    base = f"/operator/koppelingen/{till.connection.pk}/webhooks/"
    page = operator_client.get(base).content.decode()
    assert till.connection.webhook_subscription_id in page and "secret-key" not in page
    renewed = operator_client.post(base + "nieuwe-sleutel/").content.decode()
    assert 'data-testid="secret-key"' in renewed
    assert till.key not in renewed
    # the old key stops working at once
    assert till.scan("KL1X").status_code == 400
    assert WebhookCall.objects.filter(error_code="INVALID_SIGNATURE").exists()


def test_merchants_do_not_reach_the_operator_page(till, alice):
    page = alice.client().get(f"/operator/koppelingen/{till.connection.pk}/webhooks/")
    assert page.status_code == 404
