"""Invoices from the wallet: ask the shop for an invoice of a receipt, download it, or
download a receipt of € 100 or less as a simplified invoice. Every view starts from the
customer's own wallet entry (404 for anyone else's)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kassalink.invoices.content import InvoiceError
from kassalink.invoices.render import invoice_pdf
from kassalink.invoices.simplified import simplified_invoice_pdf

from .access import access_entry, customer_required
from .invoicing import can_request_invoice, do_request_invoice, visible_invoice
from .views_wallet import reader_language, render_receipt


@customer_required
@require_POST
def request_invoice(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_entry(request.customer, entry_id)
    if not can_request_invoice(entry):
        message = _("Alleen kassabonnen kunnen worden gefactureerd.")
        return render_receipt(request, entry, invoice_error=message, status=400)
    try:
        invoice = do_request_invoice(entry, reader_language(request))
    except InvoiceError as error:
        return render_receipt(request, entry, invoice_error=error.message, status=400)
    messages.success(request, _("Factuur %s staat klaar.") % invoice.number)
    return redirect("wallet_receipt", entry.pk)


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@customer_required
def invoice_pdf_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_entry(request.customer, entry_id)
    invoice = visible_invoice(entry)
    if invoice is None:
        raise Http404("no invoice for this receipt")
    return _pdf(invoice_pdf(invoice), f"factuur-{invoice.number}.pdf")


@customer_required
def simplified_invoice(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_entry(request.customer, entry_id)
    try:
        pdf = simplified_invoice_pdf(entry.receipt, reader_language(request))
    except InvoiceError as error:
        return render_receipt(request, entry, invoice_error=error.message, status=400)
    return _pdf(pdf, f"vereenvoudigde-factuur-{entry.receipt.display_number}.pdf")
