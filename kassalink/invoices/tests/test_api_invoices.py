"""/api/v1/invoices/, /invoice-settings/ and /buyers/: issuing, asking again, refusals
that name the field, the files, and one shop never seeing another's."""

import io

import pytest
from pypdf import PdfReader

from kassalink.invoices.models import Buyer, Invoice
from kassalink.receipts.models import Receipt

from .conftest import member_client

BUYER = {
    "name": "Acme B.V.",
    "street": "Kerkstraat 2",
    "postcode": "5678 CD",
    "city": "Amsterdam",
    "country": "NL",
    "vat_id": "NL000099998B57",
    "kvk": "87654321",
    "email": "inkoop@acme.example",
}


def post(client, body):
    return client.post("/api/v1/invoices/", body, content_type="application/json")


def test_posting_receipts_and_a_buyer_issues_an_invoice(alice, two_sales):
    client = member_client(alice)

    response = post(
        client, {"receipts": [r.pk for r in two_sales], "buyer": BUYER, "reference": "PO-77"}
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == "2026-00001" and body["type_code"] == "380"
    assert body["gross"] == "25.65" and body["reference"] == "PO-77"
    assert sorted(body["receipts"]) == sorted(r.pk for r in two_sales)
    assert body["buyer"]["name"] == "Acme B.V."


def test_asking_again_returns_the_same_invoice(alice, two_sales):
    client = member_client(alice)
    ids = [r.pk for r in two_sales]
    first = post(client, {"receipts": ids, "buyer": BUYER}).json()

    again = post(client, {"receipts": list(reversed(ids)), "buyer": BUYER})

    assert again.status_code == 200 and again.json()["id"] == first["id"]
    assert Invoice.objects.count() == 1 and Buyer.objects.count() == 1


def test_a_receipt_on_another_invoice_is_refused_by_name(alice, two_sales):
    client = member_client(alice)
    post(client, {"receipts": [two_sales[0].pk], "buyer": BUYER})

    response = post(client, {"receipts": [r.pk for r in two_sales], "buyer": BUYER})

    assert response.status_code == 400 and "receipts" in response.json()
    assert Invoice.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"receipts": []}, "receipts"),
        ({"receipts": ["x"]}, "receipts"),
        ({"receipts": [999999]}, "receipts"),
        ({"buyer": {**BUYER, "vat_id": "NL123"}}, "buyer"),
        ({"buyer": {**BUYER, "name": ""}}, "buyer"),
        ({"buyer": {**BUYER, "kvk": "12"}}, "buyer"),
        ({"buyer": {**BUYER, "country": "Nederland"}}, "buyer"),
        ({"reference": "x" * 201}, "reference"),
        ({"language": "de"}, "language"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_changes_nothing(alice, two_sales, change, field):
    client = member_client(alice)
    body = {"receipts": [two_sales[0].pk], "buyer": BUYER, **change}

    response = post(client, body)

    assert response.status_code == 400
    assert field in response.json(), response.json()
    if field == "buyer":
        assert set(response.json()["buyer"]) <= set(BUYER)
    assert Invoice.objects.count() == 0


def test_without_the_shops_details_there_is_no_invoice_yet(alice, two_sales):
    alice.organization.invoice_settings.delete()

    response = post(member_client(alice), {"receipts": [two_sales[0].pk], "buyer": BUYER})

    assert response.status_code == 400 and "invoice_settings" in response.json()


def test_the_files_download(alice, two_sales):
    client = member_client(alice)
    invoice = post(client, {"receipts": [two_sales[0].pk], "buyer": BUYER}).json()
    url = f"/api/v1/invoices/{invoice['id']}"

    pdf = client.get(f"{url}/pdf/")
    xml = client.get(f"{url}/xml/")
    ubl = client.get(f"{url}/ubl/")

    assert pdf["Content-Type"] == "application/pdf"
    assert f'filename="{invoice["number"]}.pdf"' in pdf["Content-Disposition"]
    reader = PdfReader(io.BytesIO(pdf.content))
    assert reader.attachments["factur-x.xml"][0] == xml.content
    assert b"CrossIndustryInvoice" in xml.content and b"<Invoice" in ubl.content


def test_bob_sees_none_of_alices_invoices_buyers_or_receipts(alice, bob, two_sales):
    invoice = post(member_client(alice), {"receipts": [two_sales[0].pk], "buyer": BUYER}).json()
    client = member_client(bob)

    assert client.get("/api/v1/invoices/").json()["results"] == []
    assert client.get("/api/v1/buyers/").json()["results"] == []
    for suffix in ("", "pdf/", "xml/", "ubl/"):
        assert client.get(f"/api/v1/invoices/{invoice['id']}/{suffix}").status_code == 404
    taken = post(client, {"receipts": [two_sales[1].pk], "buyer": BUYER})
    assert taken.status_code == 400 and "receipts" in taken.json()
    assert client.get("/api/v1/invoice-settings/").json()["legal_name"] == "Slijterij Bob B.V."


def test_invoice_settings_can_be_read_and_replaced(alice):
    client = member_client(alice)
    settings = client.get("/api/v1/invoice-settings/").json()

    response = client.put(
        "/api/v1/invoice-settings/",
        {**settings, "number_format": "F{year}/{seq:04d}", "iban": "NL91 ABNA 0417 1643 00"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["iban"] == "NL91ABNA0417164300"
    assert response.json()["number_format"] == "F{year}/{seq:04d}"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("number_format", "{year}"),
        ("number_format", "{seq!r}"),
        ("vat_id", "NL1"),
        ("iban", "NL00BANK0000000000"),
        ("country", "NLD"),
        ("kvk", "abc"),
    ],
)
def test_bad_invoice_settings_are_refused_by_name(alice, field, value):
    client = member_client(alice)
    settings = client.get("/api/v1/invoice-settings/").json()

    response = client.put(
        "/api/v1/invoice-settings/", {**settings, field: value}, content_type="application/json"
    )

    assert response.status_code == 400 and field in response.json()
    assert client.get("/api/v1/invoice-settings/").json()[field] == settings[field]


def test_an_unpaid_receipt_is_refused(alice, two_sales):
    Receipt.objects.filter(pk=two_sales[0].pk).update(state=Receipt.State.OUTSTANDING)

    response = post(member_client(alice), {"receipts": [two_sales[0].pk], "buyer": BUYER})

    assert response.status_code == 400 and "receipts" in response.json()


def test_ids_beyond_any_database_are_a_400_or_404(alice):
    client = member_client(alice)

    assert post(client, {"receipts": [10**30], "buyer": BUYER}).status_code == 400
    assert post(client, {"receipts": [2**63 - 1], "buyer": BUYER}).status_code == 400
    assert client.get(f"/api/v1/invoices/{10**30}/pdf/").status_code == 404
    assert client.get(f"/api/v1/receipts/{10**30}/").status_code == 404


def test_a_receipt_names_the_invoice_it_is_on(alice, two_sales):
    client = member_client(alice)
    invoice = post(client, {"receipts": [two_sales[0].pk], "buyer": BUYER}).json()

    assert client.get(f"/api/v1/receipts/{two_sales[0].pk}/").json()["invoice"] == invoice["id"]
    assert client.get(f"/api/v1/receipts/{two_sales[1].pk}/").json()["invoice"] is None
