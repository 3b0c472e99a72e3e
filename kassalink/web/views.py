"""The shell of the site: start page, health probe and the demo's e-mail outbox."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from kassalink.accounts.operators import operator_required
from kassalink.accounts.tenancy import memberships_of
from kassalink.web.models import OutboxMessage


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Merchants land in their App center, operators in the console."""
    if memberships_of(request.user).exists():
        return redirect("app_center")
    if request.user.is_staff:
        return redirect("operator_console")
    return render(request, "web/home.html")


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@operator_required
def outbox(request: HttpRequest) -> HttpResponse:
    messages = OutboxMessage.objects.order_by("-created")[:200]
    return render(request, "web/outbox.html", {"outbox": messages})
