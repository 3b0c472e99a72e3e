"""The one create/edit page every personnel form uses: show, validate, save, go back."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from kassalink.accounts.tenancy import access_organization
from kassalink.web.ids import parse_id

from .hours import FIRST_YEAR, LAST_YEAR, unusable_week


def form_page(
    request: HttpRequest,
    form_class: type[forms.ModelForm],
    *,
    instance: Model | None,
    title: str | Promise,
    back_url: str,
    saved: Callable[[Model], str | Promise],
    initial: dict | None = None,
    extra: dict | None = None,
) -> HttpResponse:
    """GET shows the form; a valid POST saves and goes back; an invalid one shows errors
    under the fields they are about (status 400, so tests and scripts see it failed)."""
    organization = access_organization(request)
    kwargs = {"instance": instance, "organization": organization, "initial": initial or {}}
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            row = form.save()
            messages.success(request, saved(row))
            return redirect(safe_next(request, back_url))
        status = 400
    else:
        form = form_class(**kwargs)
        status = 200
    context = {"form": form, "title": title, "back_url": back_url, **(extra or {})}
    return render(request, "workforce/form.html", context, status=status)


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go after a save: the page the person came from, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


def week_error() -> str:
    return _("week: gebruik een week zoals 2026-W13, tussen %(first)s en %(last)s.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


def warn_unusable_filters(request: HttpRequest) -> None:
    """A page asked for a ?week= it cannot show, or an ?afdeling= / ?medewerker= that is
    no id, says so by name above the page it shows instead (this week, everyone)."""
    if unusable_week(request.GET.get("week")):
        messages.warning(request, week_error() + " " + _("Deze week wordt getoond."))
    for problem in unusable_id_filters(request):
        messages.warning(request, problem + " " + _("Het filter is niet toegepast."))


def unusable_id_filters(request: HttpRequest) -> list[str]:
    """What is wrong with ?afdeling= / ?medewerker= when either is given but is no id."""
    return [
        _("%(field)s: verwacht een id (een positief geheel getal).") % {"field": name}
        for name in ("afdeling", "medewerker")
        if (value := request.GET.get(name)) and value != "alle" and parse_id(value) is None
    ]
