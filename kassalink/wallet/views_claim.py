"""The claim link printed under a receipt (or mailed), and share links.

Anyone holding a claim link sees that one receipt without an account, and can keep it in
a wallet (then the link shows it only to that wallet's owner) or have it mailed. A share
link shows one receipt until it expires."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kassalink.receipts.digital import mark_digital
from kassalink.receipts.render import receipt_document

from .access import customer_of
from .customers import do_create_customer, send_sign_in_link
from .delivery import queue_receipt_email
from .models import PosSession, ShareLink, WalletEntry, hash_token
from .throttle import receipt_email_refusal
from .views_wallet import pdf_response, reader_language


class ClaimForm(forms.Form):
    action = forms.ChoiceField(choices=[("keep", "keep"), ("email", "email")])
    email = forms.EmailField(label=gettext_lazy("E-mailadres"), max_length=254, required=False)


def _session(token: str) -> PosSession:
    digest = hash_token(token)
    session = (
        PosSession.objects.filter(Q(claim_hash=digest) | Q(email_claim_hash=digest))
        .select_related("receipt__organization", "receipt__credited_receipt")
        .first()
    )
    if session is None or not token:
        raise Http404("no such receipt")
    return session


def _owner_entry(session: PosSession) -> WalletEntry | None:
    if session.receipt_id is None:
        return None
    return WalletEntry.objects.filter(receipt_id=session.receipt_id).first()


def claim(request: HttpRequest, token: str) -> HttpResponse:
    session = _session(token)
    customer = customer_of(request.user)
    owner = _owner_entry(session)
    if owner is not None and (customer is None or owner.customer_id != customer.pk):
        return render(request, "wallet/claim_taken.html", status=410)
    form = ClaimForm(request.POST or None)
    message = ""
    if request.method == "POST" and session.receipt_id and form.is_valid():
        message = _act(request, session, customer, form)
    if session.receipt_id is None:
        return render(request, "wallet/claim_waiting.html", {"token": token})
    return render(
        request,
        "wallet/claim.html",
        {
            "session": session,
            "doc": receipt_document(session.receipt, reader_language(request)),
            "form": form,
            "token": token,
            "customer": customer,
            "kept": _owner_entry(session) is not None,
            "message": message,
        },
    )


def _act(request: HttpRequest, session: PosSession, customer, form: ClaimForm) -> str:
    from django.utils.translation import gettext as _

    email = form.cleaned_data.get("email") or ""
    if form.cleaned_data["action"] == "email":
        if not email:
            form.add_error("email", _("Vul een e-mailadres in."))
            return ""
        refusal = receipt_email_refusal(request, email)
        if refusal:
            form.add_error("email", refusal)
            return ""
        PosSession.objects.filter(pk=session.pk).update(emailed_at=None)
        queue_receipt_email(session.pk, email)
        return _("De bon wordt naar %(email)s gemaild.") % {"email": email}
    if customer is None:
        if not email:
            form.add_error("email", _("Vul een e-mailadres in om een portemonnee te maken."))
            return ""
        customer, _new = do_create_customer(email)
        transaction.on_commit(lambda: send_sign_in_link(customer))
    with transaction.atomic():
        WalletEntry.objects.get_or_create(
            receipt_id=session.receipt_id,
            defaults={"customer": customer, "source": WalletEntry.Source.CLAIMED},
        )
        PosSession.objects.filter(pk=session.pk, claimed_at__isnull=True).update(
            claimed_at=timezone.now()
        )
        mark_digital([session.receipt_id])
    if request.user.is_authenticated:
        return _("De bon staat in uw portemonnee.")
    return _("De bon staat in de portemonnee van %(email)s; de inloglink is gemaild.") % {
        "email": email
    }


def claim_pdf(request: HttpRequest, token: str) -> HttpResponse:
    session = _session(token)
    owner = _owner_entry(session)
    customer = customer_of(request.user)
    if session.receipt is None or (
        owner and (customer is None or owner.customer_id != customer.pk)
    ):
        raise Http404("not available")
    return pdf_response(session.receipt, reader_language(request))


def shared(request: HttpRequest, token: str) -> HttpResponse:
    link = (
        ShareLink.objects.filter(token_hash=hash_token(token), expires_at__gt=timezone.now())
        .select_related("entry__receipt__organization")
        .first()
    )
    if link is None:
        raise Http404("expired or unknown")
    return render(
        request,
        "wallet/shared.html",
        {"doc": receipt_document(link.entry.receipt, reader_language(request)), "link": link},
    )
