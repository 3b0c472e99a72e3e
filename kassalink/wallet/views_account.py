"""The wallet's account page: the company receipts are invoiced to (entered once), and
the customer's passkeys (registered here, see views_passkeys.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kassalink.web.ids import parse_id

from .access import customer_required
from .invoicing import CompanyForm, company_of


@customer_required
def account(request: HttpRequest) -> HttpResponse:
    company = company_of(request.customer)
    form = CompanyForm(request.POST or None, instance=company)
    if request.method == "POST":
        if form.is_valid():
            saved = form.save(commit=False)
            saved.customer = request.customer
            saved.save()
            messages.success(request, _("Uw bedrijfsgegevens zijn opgeslagen."))
            next_entry = parse_id(request.POST.get("bon", ""))
            if next_entry is not None:
                return redirect("wallet_receipt", next_entry)
            return redirect("wallet_account")
        return render(request, "wallet/account.html", _context(request, form), status=400)
    return render(request, "wallet/account.html", _context(request, form))


def _context(request: HttpRequest, form: CompanyForm) -> dict:
    bon = request.GET.get("bon") or request.POST.get("bon") or ""
    return {
        "form": form,
        "bon": bon if parse_id(bon) is not None else "",
        "passkeys": request.customer.passkeys.all(),
    }
