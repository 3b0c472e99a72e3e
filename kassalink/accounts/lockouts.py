"""The operator's view of locked sign-ins (django-axes) and the unlock button.

Axes counts failures per account and per client address (AXES_LOCKOUT_PARAMETERS); a
key is locked when its failures within the cool-off reach AXES_FAILURE_LIMIT. The same
unlock is `kassalink axes_reset_username EMAIL` / `kassalink axes_reset_ip IP`.
"""

from dataclasses import dataclass

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST


@dataclass(frozen=True)
class Lockout:
    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    last_attempt: object


def current_lockouts() -> list[Lockout]:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    found = []
    for kind in ("username", "ip_address"):
        rows = (
            recent.exclude(**{f"{kind}__isnull": True})
            .values(kind)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-last")
        )
        found += [Lockout(kind, row[kind], row["failures"], row["last"]) for row in rows]
    return found


@staff_member_required
def lockouts(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/lockouts.html", {"lockouts": current_lockouts()})


@staff_member_required
@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    kind, value = request.POST.get("kind"), (request.POST.get("value") or "").strip()
    if kind not in {"username", "ip_address"} or not value:
        messages.error(request, _("Kies een account of adres om te deblokkeren."))
        return redirect("operator_lockouts")
    reset(**({"username": value} if kind == "username" else {"ip": value}))
    messages.success(request, _("%(value)s kan weer inloggen.") % {"value": value})
    return redirect("operator_lockouts")
