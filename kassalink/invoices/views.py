"""Invoice pages: the shop's invoices, a new invoice from receipts, one invoice with its
downloads and sending it by e-mail, and the shop's invoice details."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kassalink.accounts.tenancy import access_organization
from kassalink.receipts.models import Receipt
from kassalink.receipts.views import access_receipt
from kassalink.web.ids import is_whole

from .actions import BuyerDetails, do_issue_invoice
from .content import InvoiceError
from .forms import InvoiceForm, InvoiceSettingsForm
from .mail import send_invoice
from .models import Invoice, InvoiceSettings
from .simplified import simplified_invoice_pdf


@login_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    organization = access_organization(request)
    invoices = Invoice.objects.filter(organization=organization).select_related("buyer")[:200]
    settings = InvoiceSettings.objects.filter(organization=organization).first()
    missing = settings.missing() if settings else ["legal_name"]
    context = {"invoices": invoices, "settings_missing": missing}
    return render(request, "invoices/invoice_list.html", context)


def _receipt_ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if is_whole(v) and len(v) < 19][:500]


@login_required
def invoice_new(request: HttpRequest) -> HttpResponse:
    organization = access_organization(request)
    data = request.POST if request.method == "POST" else request.GET
    ids = _receipt_ids(data.getlist("bon"))
    receipts = Receipt.objects.filter(organization=organization, pk__in=ids).order_by("entry_at")
    form = InvoiceForm(request.POST or None, organization=organization)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                invoice, created = do_issue_invoice(
                    organization,
                    ids,
                    form.cleaned_data["known_buyer"] or _details(form.cleaned_data),
                    reference=form.cleaned_data["reference"],
                    language=form.cleaned_data["language"],
                    user=request.user,
                )
            except InvoiceError as error:
                field = error.field.removeprefix("buyer.")
                form.add_error(field if field in form.fields else None, error.message)
            else:
                if created:
                    messages.success(request, _("Factuur %s is gemaakt.") % invoice.number)
                else:
                    messages.info(
                        request, _("Deze bonnen staan al op factuur %s.") % invoice.number
                    )
                return redirect("invoice", invoice.pk)
    context = {"form": form, "receipts": receipts, "ids": ids}
    return render(request, "invoices/invoice_new.html", context, status=status)


def _details(data: dict) -> BuyerDetails:
    fields = ["name", "street", "postcode", "city", "country", "vat_id", "kvk", "email"]
    return BuyerDetails(**{name: data[name] or "" for name in fields})


def access_invoice(request: HttpRequest, pk: int) -> Invoice:
    """One of the shop's invoices; 404 for another shop's."""
    organization = access_organization(request)
    return get_object_or_404(Invoice.objects.filter(organization=organization), pk=pk)


@login_required
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = access_invoice(request, pk)
    context = {"invoice": invoice, "content": invoice.content}
    return render(request, "invoices/invoice_detail.html", context)


@login_required
@require_POST
def invoice_send(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = access_invoice(request, pk)
    address = request.POST.get("email", "").strip()
    try:
        send_invoice(invoice, address)
    except InvoiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Factuur %(number)s is verstuurd naar %(to)s.")
            % {"number": invoice.number, "to": address},
        )
    return redirect("invoice", invoice.pk)


@login_required
def simplified_invoice(request: HttpRequest, receipt_pk: int) -> HttpResponse:
    """A receipt of € 100 or less as a simplified invoice (PDF), made on request."""
    receipt = access_receipt(request, receipt_pk)
    language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("nl", "en") else "nl"
    try:
        pdf = simplified_invoice_pdf(receipt, language)
    except InvoiceError as error:
        messages.error(request, error.message)
        return redirect("receipt", receipt.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"vereenvoudigde-factuur-{receipt.display_number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def invoice_settings(request: HttpRequest) -> HttpResponse:
    organization = access_organization(request)
    settings, _created = InvoiceSettings.objects.get_or_create(organization=organization)
    form = InvoiceSettingsForm(request.POST or None, request.FILES or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("De factuurgegevens zijn opgeslagen."))
        return redirect("invoice_settings")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "settings": settings}
    return render(request, "invoices/invoice_settings.html", context, status=status)
