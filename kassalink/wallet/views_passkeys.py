"""The passkey ceremonies of the wallet (called by static/wallet/passkeys.js): options
and verification for registering (signed-in customers) and for signing in, and removing
a passkey. Same-origin browser calls with the session and CSRF token, not the public API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import MAX_ID, customer_required
from .passkeys import (
    PasskeyError,
    authentication_options,
    do_register_passkey,
    do_sign_in_with_passkey,
    registration_options,
)


def _options(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="application/json")


@customer_required
@require_POST
def register_options(request: HttpRequest) -> HttpResponse:
    return _options(registration_options(request.customer, request.session))


@customer_required
@require_POST
def register(request: HttpRequest) -> HttpResponse:
    try:
        do_register_passkey(request.customer, request.session, request.body)
    except PasskeyError as error:
        return JsonResponse({"error": str(error)}, status=400)
    messages.success(request, _("Uw passkey is geregistreerd."))
    return JsonResponse({"redirect": reverse("wallet_account")})


@require_POST
def sign_in_options(request: HttpRequest) -> HttpResponse:
    return _options(authentication_options(request.session))


@require_POST
def sign_in(request: HttpRequest) -> HttpResponse:
    try:
        customer = do_sign_in_with_passkey(request.session, request.body)
    except PasskeyError as error:
        return JsonResponse({"error": str(error)}, status=400)
    login(request, customer.user, backend="sesame.backends.ModelBackend")
    return JsonResponse({"redirect": reverse("wallet_home")})


@customer_required
@require_POST
def remove(request: HttpRequest, passkey_id: int) -> HttpResponse:
    if passkey_id > MAX_ID:
        raise Http404("no such passkey")
    passkey = get_object_or_404(request.customer.passkeys.all(), pk=passkey_id)
    passkey.delete()
    messages.success(request, _("De passkey is verwijderd."))
    return redirect("wallet_account")
