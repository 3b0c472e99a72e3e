"""Sending an invoice by e-mail: the PDF (with its Factur-X XML inside) attached."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .content import InvoiceError
from .models import Invoice
from .render import invoice_pdf

SMTP_SECONDS = 15


def send_invoice(invoice: Invoice, address: str) -> None:
    """E-mail the invoice to `address`; InvoiceError naming `email` for a bad address."""
    try:
        validate_email(address)
    except ValidationError:
        raise InvoiceError("email", _("Vul een geldig e-mailadres in.")) from None
    context = {"invoice": invoice, "seller": invoice.content["seller"]}
    with translation.override(invoice.language):
        subject = " ".join(render_to_string("invoices/email/invoice_subject.txt", context).split())
        body = render_to_string("invoices/email/invoice_body.txt", context)
    # SMTP gets a deadline: a hanging mail server must not hold the manager's page.
    connection = get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or SMTP_SECONDS)
    message = EmailMessage(
        subject, body, to=[address], reply_to=_reply_to(invoice), connection=connection
    )
    message.attach(f"{invoice.number}.pdf", invoice_pdf(invoice), "application/pdf")
    message.send()


def _reply_to(invoice: Invoice) -> list[str]:
    email = invoice.content["seller"].get("email")
    return [email] if email else []
