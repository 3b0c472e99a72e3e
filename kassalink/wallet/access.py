"""Fetch wallet objects *and* check they are the signed-in customer's (404 otherwise)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from .models import Customer, WalletEntry


def customer_of(user: object) -> Customer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Customer.objects.filter(user=user).select_related("user").first()


def customer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in customers only; anyone else goes to the wallet's sign-in page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        customer = customer_of(request.user)
        if customer is None:
            return redirect("wallet_sign_up")
        request.customer = customer
        return view(request, *args, **kwargs)

    return wrapper


def entries_of(customer: Customer):
    return (
        WalletEntry.objects.filter(customer=customer)
        .select_related("receipt__organization", "receipt__credited_receipt")
        .order_by("-receipt__entry_at", "-pk")
    )


MAX_ID = 2**63 - 1  # larger ids cannot exist, and SQLite refuses to even compare them


def access_entry(customer: Customer, entry_id: int) -> WalletEntry:
    entry = entries_of(customer).filter(pk=entry_id).first() if entry_id <= MAX_ID else None
    if entry is None:
        raise Http404("not in this wallet")
    return entry
