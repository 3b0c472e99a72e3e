"""The customer's wallet pages (mobile-first): sign up/in by magic link, the rotating code,
receipts newest first with search, one receipt, its PDF, export, share, personal token."""

from __future__ import annotations

import io
import json
import secrets
from datetime import timedelta

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from sesame import settings as sesame_settings
from sesame.utils import get_user

from kassalink.receipts.render import receipt_document, receipt_pdf
from kassalink.web.ids import parse_ids

from .access import access_entry, customer_required, entries_of
from .customers import do_create_customer, do_create_token, do_show_code, send_sign_in_link
from .export import receipts_csv, receipts_zip
from .models import ShareLink, hash_token
from .search import SearchError, apply_search, parse_search
from .throttle import sign_in_link_refusal

PAGE_SIZE = 50


class EmailForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mailadres"), max_length=254)


def sign_up(request: HttpRequest) -> HttpResponse:
    """Sign up and sign in are one form: a link is mailed either way (and the page does
    not say whether the address already had a wallet). Throttled per address and per
    client address (throttle.py) before any account is made."""
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = sign_in_link_refusal(request, form.cleaned_data["email"])
        if refusal:
            context = {"form": form, "refusal": refusal}
            return render(request, "wallet/sign_up.html", context, status=429)
        customer, _new = do_create_customer(form.cleaned_data["email"])
        send_sign_in_link(customer)
        return render(request, "wallet/link_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "wallet/sign_up.html", {"form": form})


def sign_in(request: HttpRequest) -> HttpResponse:
    """The magic link's landing: django-sesame checks the token (15 minutes, once).
    Without a token (signed out, a bookmark) it is the sign-in form, with no warning."""
    user = get_user(request)
    if user is None:
        expired = sesame_settings.TOKEN_NAME in request.GET
        return render(request, "wallet/sign_up.html", {"form": EmailForm(), "expired": expired})
    login(request, user, backend="sesame.backends.ModelBackend")
    return redirect("wallet_home")


QR_STYLE = {"scale": 8, "border": 2, "dark": "#000", "light": "#fff"}


def svg_qr(text: str) -> str:
    """The QR code as inline SVG, drawn on the server (no script, no other host); with a
    viewBox and no fixed size, so the page's CSS scales the drawing, not just its box."""
    return segno.make(text, error="m").svg_inline(omitsize=True, **QR_STYLE)


@customer_required
def code(request: HttpRequest) -> HttpResponse:
    shown = do_show_code(request.customer)
    context = {
        "shown": shown,
        "svg": svg_qr(shown.qr),
        "seconds": max(1, int((shown.expires_at - timezone.now()).total_seconds())),
    }
    template = "wallet/_code.html" if request.GET.get("fragment") else "wallet/code.html"
    return render(request, template, context)


@customer_required
def code_svg(request: HttpRequest) -> HttpResponse:
    shown = do_show_code(request.customer)
    # A file of its own needs the XML declaration and namespace the inline form leaves out.
    drawing = io.BytesIO()
    segno.make(shown.qr, error="m").save(drawing, kind="svg", **QR_STYLE)
    return HttpResponse(drawing.getvalue(), content_type="image/svg+xml")


DELIVERY_WORDS = {
    "claimed": gettext_lazy("geclaimd"),
    "emailed": gettext_lazy("gemaild"),
    "opened": gettext_lazy("geopend"),
    "in_wallet": gettext_lazy("in portemonnee"),
}


def delivery(entry: object) -> str:
    """matched → in wallet → opened, or e-mailed → claimed: a key of DELIVERY_WORDS."""
    session = getattr(entry.receipt, "pos_session", None)
    if entry.source == entry.Source.CLAIMED:
        return "claimed"
    if session is not None and session.emailed_at and entry.source == entry.Source.EMAILED:
        return "emailed"
    return "opened" if entry.opened_at else "in_wallet"


def delivery_state(entry: object) -> str:
    """The same in the reader's words."""
    return str(DELIVERY_WORDS[delivery(entry)])


@customer_required
def receipts(request: HttpRequest) -> HttpResponse:
    errors: dict[str, str] = {}
    entries = entries_of(request.customer)
    try:
        search = parse_search(request.GET.dict())
        entries = apply_search(entries, search)
    except SearchError as error:
        errors[error.field] = error.message
        entries = entries.none()
    rows = [(entry, delivery_state(entry)) for entry in entries[:PAGE_SIZE]]
    searched = any(map(str.strip, request.GET.values()))
    context = {"rows": rows, "errors": errors, "params": request.GET, "searched": searched}
    return render(request, "wallet/receipts.html", context)


@customer_required
def receipt(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_entry(request.customer, entry_id)
    if entry.opened_at is None:
        entry.opened_at = timezone.now()
        entry.save(update_fields=["opened_at"])
    return render_receipt(request, entry)


def render_receipt(
    request: HttpRequest, entry: object, *, invoice_error: str = "", status: int = 200
) -> HttpResponse:
    """The receipt page; `invoice_error` says why an invoice could not be made."""
    from .invoicing import can_request_invoice, can_simplify, company_of, visible_invoice

    r = entry.receipt
    related = entries_of(request.customer).filter(receipt__credited_receipt=r)
    original = None
    if r.credited_receipt_id:
        original = entries_of(request.customer).filter(receipt_id=r.credited_receipt_id).first()
    return render(
        request,
        "wallet/receipt.html",
        {
            "entry": entry,
            "doc": receipt_document(r, reader_language(request)),
            "barcode": svg_qr(r.transaction_string or r.mplus_id),
            "credits": related,
            "original": original,
            "state": delivery_state(entry),
            "share_url": request.session.pop("share_url", ""),
            "invoice": visible_invoice(entry),
            "can_invoice": can_request_invoice(entry),
            "can_simplify": can_simplify(entry),
            "company": company_of(request.customer),
            "invoice_error": invoice_error,
        },
        status=status,
    )


def reader_language(request: HttpRequest) -> str:
    """The language the receipt is shown in: the page's, nl or en."""
    return request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("nl", "en") else "nl"


def pdf_response(r: object, language: str) -> HttpResponse:
    response = HttpResponse(receipt_pdf(r, language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kassabon-{r.display_number}.pdf"'
    return response


@customer_required
def receipt_pdf_view(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_entry(request.customer, entry_id)
    return pdf_response(entry.receipt, reader_language(request))


@customer_required
@require_POST
def share(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_entry(request.customer, entry_id)
    token = secrets.token_urlsafe(18)
    days = settings.KASSALINK_WALLET_SHARE_DAYS
    ShareLink.objects.create(
        entry=entry, token_hash=hash_token(token), expires_at=timezone.now() + timedelta(days=days)
    )
    request.session["share_url"] = settings.SITE_URL.rstrip("/") + reverse(
        "wallet_shared", args=[token]
    )
    # Straight to the new link, further down the page than a phone shows.
    return redirect(reverse("wallet_receipt", args=[entry.pk]) + "#deellink")


@customer_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """The selected receipts as CSV or a ZIP of PDFs; ids not in this wallet are ignored."""
    ids = parse_ids(request.POST.getlist("entry"))
    entries = entries_of(request.customer).filter(pk__in=ids)
    if not ids or not entries:
        # Back to the list, which says so, rather than a bare page.
        messages.error(request, _("Kies eerst één of meer bonnen."))
        return redirect("wallet_home")
    if request.POST.get("format") == "csv":
        response = HttpResponse(receipts_csv(entries), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="kassabonnen.csv"'
        return response
    response = HttpResponse(
        receipts_zip(entries, reader_language(request)), content_type="application/zip"
    )
    response["Content-Disposition"] = 'attachment; filename="kassabonnen.zip"'
    return response


@customer_required
@require_POST
def new_token(request: HttpRequest) -> HttpResponse:
    key = do_create_token(request.customer)
    return render(request, "wallet/token.html", {"key": key})


def manifest(request: HttpRequest) -> HttpResponse:
    from django.templatetags.static import static

    data = {
        "name": "kassalink bonnen",
        "short_name": "Bonnen",
        "start_url": reverse("wallet_home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f4e79",
        "icons": [{"src": static("wallet/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(json.dumps(data), content_type="application/manifest+json")
