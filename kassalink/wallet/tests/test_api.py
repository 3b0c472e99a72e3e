"""/api/v1/wallet/: the customer's own API with a personal token or the session; a shop's
token never gets in; a customer never reaches another's receipt."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client

from kassalink.accounts.api_auth import hash_key, new_key
from kassalink.accounts.models import ApiToken
from kassalink.wallet.customers import do_create_token

from .conftest import make_webhook_connection
from .receipts_in_wallet import give


def api(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


@pytest.fixture
def carol_api(carol):
    return api(do_create_token(carol))


@pytest.fixture
def entry(alice, carol):
    return give(make_webhook_connection(alice)[0], carol)


def test_code_answers_the_current_code_and_its_expiry(carol, carol_api):
    data = carol_api.get("/api/v1/wallet/code/").json()
    assert data["code"].startswith("KL1" + carol.public_id) and len(data["typed_code"]) == 6
    assert data["expires_at"]


def test_receipts_detail_pdf_and_export(carol_api, entry):
    listing = carol_api.get("/api/v1/wallet/receipts/").json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == entry.pk
    # A code for programs, words for people: only the words follow the language.
    english = carol_api.get("/api/v1/wallet/receipts/", HTTP_ACCEPT_LANGUAGE="en").json()
    dutch, other = listing["results"][0], english["results"][0]
    assert dutch["delivery"] == other["delivery"] == "in_wallet"
    assert (dutch["delivery_state"], other["delivery_state"]) == ("in portemonnee", "in wallet")
    detail = carol_api.get(f"/api/v1/wallet/receipts/{entry.pk}/").json()
    assert detail["transaction_id"] == entry.receipt.transaction_string
    assert detail["total_incl"] == f"{entry.receipt.total_incl_cents / 100:.2f}"
    assert detail["lines"] and detail["vat"] and detail["payments"]
    pdf = carol_api.get(f"/api/v1/wallet/receipts/{entry.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    csv = carol_api.get("/api/v1/wallet/export/", {"type": "csv"})
    assert entry.receipt.transaction_string in csv.content.decode("utf-8-sig")
    bundle = carol_api.get("/api/v1/wallet/export/", {"type": "zip", "ids": str(entry.pk)})
    assert len(zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()) == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [({"amount": "abc"}, "amount"), ({"date_from": "gisteren"}, "date_from"),
     ({"limit": "-1"}, "limit"), ({"limit": "²"}, "limit"), ({"offset": "²"}, "offset")],
)  # fmt: skip
def test_bad_filters_are_a_400_naming_the_field(carol_api, params, field):
    response = carol_api.get("/api/v1/wallet/receipts/", params)
    assert response.status_code == 400 and field in response.json()


def test_bad_export_input_is_a_400(carol_api):
    assert carol_api.get("/api/v1/wallet/export/", {"type": "xls"}).status_code == 400
    assert carol_api.get("/api/v1/wallet/export/", {"ids": "1;2"}).status_code == 400
    assert carol_api.get("/api/v1/wallet/export/", {"ids": "1,²"}).status_code == 400


def test_another_customers_receipt_is_a_404(dave, entry):
    dave_api = api(do_create_token(dave))
    assert dave_api.get(f"/api/v1/wallet/receipts/{entry.pk}/").status_code == 404
    assert dave_api.get(f"/api/v1/wallet/receipts/{entry.pk}/pdf/").status_code == 404
    assert dave_api.get("/api/v1/wallet/receipts/").json()["count"] == 0
    export = dave_api.get("/api/v1/wallet/export/", {"type": "json", "ids": str(entry.pk)})
    assert export.json() == []


def test_a_shops_token_never_reaches_the_wallet(alice, entry):
    key = new_key()
    ApiToken.objects.create(
        organization=alice.organization, user=alice.owner, key_hash=hash_key(key), name="t"
    )
    shop = api(key)
    for path in ("code/", "receipts/", f"receipts/{entry.pk}/", "export/"):
        assert shop.get(f"/api/v1/wallet/{path}").status_code in (401, 403)
    assert alice.client().get("/api/v1/wallet/receipts/").status_code == 403  # session too


def test_a_customers_token_never_reaches_the_shop_api(carol_api, entry):
    assert carol_api.get("/api/v1/connections/").status_code in (401, 403)


def test_the_wallet_session_works_too(carol, entry):
    client = Client()
    client.force_login(carol.user)
    assert client.get("/api/v1/wallet/receipts/").json()["count"] == 1


def test_every_wallet_endpoint_is_in_the_schema(db):
    out = io.StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=out)
    import json

    paths = json.loads(out.getvalue())["paths"]
    for path in ("code/", "receipts/", "receipts/{entry_id}/", "receipts/{entry_id}/pdf/",
                 "export/"):  # fmt: skip
        assert f"/api/v1/wallet/{path}" in paths


def test_customer_commands(db, capsys):
    from django.core import mail

    call_command("customer", "create", "ivo@example.com")
    assert "ivo@example.com" in mail.outbox[-1].to
    out = io.StringIO()
    call_command("customer", "token", "ivo@example.com", stdout=out)
    key = out.getvalue().strip()
    assert key.startswith("klw_")
    assert api(key).get("/api/v1/wallet/receipts/").json()["count"] == 0


def test_an_impossible_id_is_a_404_not_a_crash(carol_api, carol):
    huge = "9" * 30
    assert carol_api.get(f"/api/v1/wallet/receipts/{huge}/").status_code == 404
    client = Client()
    client.force_login(carol.user)
    assert client.get(f"/portemonnee/bonnen/{huge}/").status_code == 404
