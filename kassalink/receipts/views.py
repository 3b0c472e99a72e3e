"""The shop's receipts dashboard: every receipt with filters and a search box a hand
scanner types into, and one receipt with its returns and what can still be returned."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kassalink.accounts.tenancy import access_organization

from .models import Receipt
from .render import receipt_pdf
from .returns import line_returns
from .search import (
    FILTER_PARAMS,
    FilterError,
    Page,
    filtered_receipts,
    keyset_page,
    parse_filters,
    recent_choices,
)


@login_required
def receipt_list(request: HttpRequest) -> HttpResponse:
    organization = access_organization(request)
    error = None
    page = Page([], None)
    try:
        filters = parse_filters(request.GET)
        page = keyset_page(filtered_receipts(organization, filters), request.GET.get("cursor", ""))
    except FilterError as problem:
        error = problem
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {
        "page": page,
        "error": error,
        "chosen": {name: request.GET.get(name, "") for name in FILTER_PARAMS},
        "filter_query": query.urlencode(),
        "filtered": any(request.GET.get(name) for name in FILTER_PARAMS),
        **recent_choices(organization),
        "types": Receipt.Type.choices,
    }
    # A single hit from the search box (a scanned barcode) opens that receipt at once.
    if request.GET.get("q") and len(page.receipts) == 1 and not request.GET.get("cursor"):
        return redirect("receipt", page.receipts[0].pk)
    return render(request, "receipts/receipt_list.html", context, status=400 if error else 200)


def access_receipt(request: HttpRequest, pk: int) -> Receipt:
    """One of the shop's receipts; 404 for another shop's."""
    organization = access_organization(request)
    return get_object_or_404(
        Receipt.objects.filter(organization=organization).prefetch_related(
            "payments", "vat_groups", "credits"
        ),
        pk=pk,
    )


@login_required
def receipt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = access_receipt(request, pk)
    context = {
        "receipt": receipt,
        "lines": line_returns(receipt),
        # Only a sale comes back; a credit receipt is itself a return.
        "returnable": receipt.receipt_type == Receipt.Type.RECEIPT,
        "invoice_link": getattr(receipt, "invoice_link", None),
    }
    return render(request, "receipts/receipt_detail.html", context)


@login_required
def receipt_download(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = access_receipt(request, pk)
    language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("nl", "en") else "nl"
    response = HttpResponse(receipt_pdf(receipt, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bon-{receipt.display_number}.pdf"'
    return response
