"""The mapping page (the two-arrows icon): one tab per kind of data, filled by its app.

This module owns the page and its tabs; the content of a tab is a view that another app
may register (`register_tab`), e.g. workforce for Medewerkers and Kloktijden:

    @register_tab("medewerkers")
    def employees_tab(request, connection, membership) -> HttpResponse:
        return render(request, "workforce/mapping_employees.html", {...})

A tab view renders a template that extends "connections/mapping.html" and receives
`tabs`, `active_tab` and `connection` from `tab_context()`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import Membership
from kassalink.connections.models import Connection

TabView = Callable[[HttpRequest, Connection, Membership], HttpResponse]


@dataclass(frozen=True)
class Tab:
    slug: str
    label: str | Promise


TABS = (
    Tab("medewerkers", _("Medewerkers")),
    Tab("kloktijden", _("Kloktijden")),
    Tab("omzet", _("Omzet")),
)
_views: dict[str, TabView] = {}


def register_tab(slug: str) -> Callable[[TabView], TabView]:
    """Make `view` the content of tab `slug` (the last registration wins)."""
    if slug not in {tab.slug for tab in TABS}:
        raise ValueError(f"no mapping tab {slug!r}")

    def decorate(view: TabView) -> TabView:
        _views[slug] = view
        return view

    return decorate


def tab_view(slug: str) -> TabView | None:
    return _views.get(slug)


def tab_context(connection: Connection, active: str) -> dict[str, object]:
    return {"connection": connection, "tabs": TABS, "active_tab": active}
