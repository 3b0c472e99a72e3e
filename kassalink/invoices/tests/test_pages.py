"""Invoice pages: make an invoice for a buyer from a receipt, see and send it, and fill in
the shop's invoice details; Bob never reaches Alice's invoices."""

import io

from django.core import mail
from PIL import Image

from kassalink.invoices.models import Invoice, InvoiceSettings

from .conftest import member_client


def test_making_an_invoice_for_a_buyer_from_receipts(alice, two_sales):
    client = member_client(alice)
    ids = [r.pk for r in two_sales]
    form = client.get("/facturen/nieuw/", {"bon": ids})
    assert form.status_code == 200 and "1-1-2026-41" in form.content.decode()

    response = client.post(
        "/facturen/nieuw/",
        {
            "bon": ids,
            "name": "Acme B.V.",
            "street": "Kerkstraat 2",
            "postcode": "5678 CD",
            "city": "Amsterdam",
            "country": "NL",
            "vat_id": "NL000099998B57",
            "kvk": "87654321",
            "email": "inkoop@acme.example",
            "reference": "PO-1",
            "language": "en",
        },
    )

    invoice = Invoice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/facturen/{invoice.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert invoice.number in page and f"/api/v1/invoices/{invoice.pk}/pdf/" in page
    assert invoice.language == "en" and invoice.reference == "PO-1"


def test_a_bad_vat_id_is_shown_under_its_field(alice, two_sales):
    response = member_client(alice).post(
        "/facturen/nieuw/",
        {
            "bon": [two_sales[0].pk],
            "name": "Acme",
            "country": "NL",
            "vat_id": "NL123",
            "language": "nl",
        },
    )

    assert response.status_code == 400
    assert "Geen geldig btw-identificatienummer." in response.content.decode()
    assert Invoice.objects.count() == 0


def test_a_known_buyer_is_picked_again(alice, two_sales):
    client = member_client(alice)
    client.post(
        "/facturen/nieuw/",
        {"bon": [two_sales[0].pk], "name": "Acme B.V.", "country": "NL", "language": "nl"},
    )
    buyer = Invoice.objects.get().buyer

    client.post(
        "/facturen/nieuw/",
        {"bon": [two_sales[1].pk], "known_buyer": buyer.pk, "country": "NL", "language": "nl"},
    )

    assert list(Invoice.objects.values_list("buyer", flat=True)) == [buyer.pk, buyer.pk]


def test_sending_an_invoice_by_email_attaches_the_pdf(alice, two_sales):
    client = member_client(alice)
    client.post(
        "/facturen/nieuw/",
        {"bon": [two_sales[0].pk], "name": "Acme B.V.", "country": "NL", "language": "nl"},
    )
    invoice = Invoice.objects.get()

    client.post(f"/facturen/{invoice.pk}/versturen/", {"email": "boekhouding@acme.example"})
    client.post(f"/facturen/{invoice.pk}/versturen/", {"email": "geen adres"})

    (message,) = mail.outbox
    assert message.to == ["boekhouding@acme.example"] and invoice.number in message.subject
    ((name, pdf, kind),) = message.attachments
    assert name == f"{invoice.number}.pdf" and kind == "application/pdf" and pdf[:5] == b"%PDF-"


def test_the_shop_fills_in_its_invoice_details_with_a_logo(alice):
    client = member_client(alice)
    drawn = io.BytesIO()
    Image.new("RGBA", (1, 1)).save(drawn, "PNG")
    png = drawn.getvalue()
    png_file = io.BytesIO(png)
    png_file.name = "logo.png"
    data = {
        "legal_name": "Bakkerij Alice B.V.",
        "street": "Dorpsstraat 1",
        "postcode": "1234 AB",
        "city": "Utrecht",
        "country": "nl",
        "kvk": "12345678",
        "vat_id": "NL 0000.99998.B57",
        "iban": "",
        "email": "",
        "phone": "",
        "payment_terms": "Betaald.",
        "number_format": "{year}/{seq:04d}",
        "logo_file": png_file,
    }

    response = client.post("/facturen/instellingen/", data)

    assert response.status_code == 302
    settings = InvoiceSettings.objects.get(organization=alice.organization)
    assert settings.vat_id == "NL000099998B57" and settings.country == "NL"
    assert bytes(settings.logo) == png and settings.logo_type == "png"
    bad = client.post(
        "/facturen/instellingen/", {**data, "number_format": "{year}", "logo_file": ""}
    )
    assert bad.status_code == 400
    # A PNG's first bytes over garbage: refused, the stored logo kept.
    broken = io.BytesIO(png[:8] + b"garbage" * 20)
    broken.name = "logo.png"
    refused = client.post("/facturen/instellingen/", {**data, "logo_file": broken})
    assert refused.status_code == 400 and "logo_file" in refused.context["form"].errors
    settings.refresh_from_db()
    assert bytes(settings.logo) == png


def test_bob_cannot_open_or_send_alices_invoice(alice, bob, two_sales):
    member_client(alice).post(
        "/facturen/nieuw/",
        {"bon": [two_sales[0].pk], "name": "Acme", "country": "NL", "language": "nl"},
    )
    invoice = Invoice.objects.get()
    client = member_client(bob)

    assert client.get(f"/facturen/{invoice.pk}/").status_code == 404
    assert client.post(f"/facturen/{invoice.pk}/versturen/", {"email": "x@y.nl"}).status_code == 404
    assert invoice.number not in client.get("/facturen/").content.decode()
    assert mail.outbox == []
