"""Signing in: by e-mail address in any case, and throttled by django-axes.

Accounts are created with the e-mail address as username, but people type their address
as they like ("Eigenaar@Bakkerij-Demo.nl"). The backend below finds the user by address,
case-insensitively; axes counts failures per lowercased address and per client address
(AXES_LOCKOUT_PARAMETERS), so changing the case does not buy more attempts. An operator
unlocks with `kassalink axes_reset_username ADDRESS` or `kassalink axes_reset_ip IP`.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def normalized_login(value: object) -> str:
    """The form of a typed login that axes counts failures under."""
    return str(value or "").strip().lower()


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: the typed address, lowercased (see the module docstring)."""
    if credentials:
        return normalized_login(credentials.get("username"))
    return normalized_login(request.POST.get("username") if request is not None else "")


def client_address(request: HttpRequest) -> str:
    """AXES_CLIENT_IP_CALLABLE: the address a request came from. Behind our TLS proxy
    (BEHIND_TLS_PROXY) that is the last X-Forwarded-For entry, the one the proxy added;
    earlier entries are whatever the client chose to send."""
    meta = request.META
    if settings.SECURE_PROXY_SSL_HEADER and meta.get("HTTP_X_FORWARDED_FOR"):
        return meta["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return meta.get("REMOTE_ADDR", "")


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the page a locked-out sign-in gets, in the visitor's language
    (429 Too Many Requests)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    context = {"cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


class EmailBackend(ModelBackend):
    """Finds the user by e-mail address (or username) regardless of case."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: object,
    ) -> AbstractBaseUser | None:
        login = normalized_login(username)
        if not login or password is None:
            return None
        User = get_user_model()
        candidates = User.objects.filter(Q(email__iexact=login) | Q(username__iexact=login))
        for user in candidates.order_by("pk")[:5]:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        # Hash once anyway, so a missing account takes as long as a wrong password.
        User().set_password(password)
        return None


class EmailLoginForm(AuthenticationForm):
    """Django's login form with the first field asking for the e-mail address."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.label = _("E-mailadres")
        field.widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "autocapitalize": "none"}
        )
        field.max_length = 254
        self.error_messages["invalid_login"] = _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op: na te veel "
            "mislukte pogingen wordt inloggen even geblokkeerd."
        )
