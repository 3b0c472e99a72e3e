"""Settings another app keeps for a connection, shown inside the connection's own forms
(the operator's setup form and the merchant's gear), as the seed's settings screen has
them: e.g. insights' Omzet. This app knows only their shape, not their content:

    @register_section
    class Omzet:
        prefix = "omzet"
        def form(self, data, organization, connection) -> forms.Form: ...
        def save(self, connection, form) -> None: ...   # inside the caller's transaction

A page builds the bound forms with `section_forms`, validates them with its own form and,
when all are valid, saves the connection first and then `save_sections`, in one transaction.
"""

from __future__ import annotations

from typing import Protocol

from django import forms

from kassalink.accounts.models import Organization
from kassalink.connections.models import Connection


class SettingsSection(Protocol):
    prefix: str

    def form(
        self, data: object, organization: Organization, connection: Connection | None
    ) -> forms.Form: ...

    def save(self, connection: Connection, form: forms.Form) -> None: ...


_sections: dict[str, SettingsSection] = {}


def register_section(section: type) -> type:
    """Register a section class (its prefix keeps its fields apart from ours)."""
    _sections[section.prefix] = section()
    return section


def section_forms(
    data: object, organization: Organization, connection: Connection | None
) -> list[tuple[SettingsSection, forms.Form]]:
    return [
        (section, section.form(data, organization, connection)) for section in _sections.values()
    ]


def sections_valid(sections: list[tuple[SettingsSection, forms.Form]]) -> bool:
    return all([form.is_valid() for _section, form in sections])


def save_sections(
    connection: Connection, sections: list[tuple[SettingsSection, forms.Form]]
) -> None:
    for section, form in sections:
        section.save(connection, form)
