"""Privacy: see everything held, download it as JSON, delete the account and all of it."""

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from .access import customer_required
from .customers import do_delete_customer
from .export import customer_json


@customer_required
def privacy(request: HttpRequest) -> HttpResponse:
    customer = request.customer
    return render(
        request,
        "wallet/privacy.html",
        {
            "customer": customer,
            "receipts": customer.entries.count(),
            "sessions": customer.sessions.count(),
            "tokens": customer.tokens.filter(revoked__isnull=True).count(),
            "company": getattr(customer, "company", None),
            "passkeys": customer.passkeys.count(),
        },
    )


@customer_required
def download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(customer_json(request.customer), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="kassalink-mijn-gegevens.json"'
    return response


@customer_required
@require_POST
def delete(request: HttpRequest) -> HttpResponse:
    if request.POST.get("confirm") != "ja":
        return render(request, "wallet/privacy.html", {"customer": request.customer,
                      "confirm_error": True}, status=400)  # fmt: skip
    do_delete_customer(request.customer)
    logout(request)
    return render(request, "wallet/deleted.html")
