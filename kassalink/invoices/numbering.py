"""Invoice numbers: sequential per shop, without gaps or duplicates.

The one mechanism: the shop's counter is raised by an UPDATE as the first write of the
transaction that stores the invoice. The UPDATE locks the counter's row (PostgreSQL) or
the database (SQLite) until that transaction ends, so a second manager issuing at the
same moment waits and gets the next number; if the invoice is rolled back, so is the
counter, and no number is skipped.
"""

from __future__ import annotations

import datetime as dt
import string

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kassalink.accounts.models import Organization
from kassalink.web.ids import is_whole

from .models import InvoiceSettings

FIELDS = {"year", "seq"}


class NumberFormatError(ValueError):
    pass


def number_format_error(number_format: str) -> str | None:
    """Why `number_format` cannot number invoices, or None: {seq} once, {year} optional,
    a width such as {seq:05d}."""
    try:
        parsed = list(string.Formatter().parse(number_format))
    except ValueError:
        return _("Ongeldige opmaak; gebruik bijvoorbeeld {year}-{seq:05d}.")
    names = [name for _text, name, _spec, _conv in parsed if name is not None]
    if names.count("seq") != 1 or not set(names) <= FIELDS:
        return _("Gebruik {seq} precies één keer, en verder alleen {year}.")
    for _text, name, spec, conversion in parsed:
        if name is not None and (conversion or (spec and not _width(spec))):
            return _("Alleen een breedte zoals {seq:05d} is toegestaan.")
    if len(format_number(number_format, 10**9, 2026)) > 60:
        return _("Een factuurnummer mag hoogstens 60 tekens lang worden.")
    return None


def _width(spec: str) -> bool:
    return spec.endswith("d") and is_whole(spec[:-1]) and int(spec[:-1]) <= 12


def format_number(number_format: str, sequence: int, year: int) -> str:
    return number_format.format(seq=sequence, year=year)


def take_number(organization: Organization, issue_date: dt.date) -> tuple[int, str]:
    """The shop's next (sequence, invoice number); only inside the invoice's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number must run inside the transaction that stores the invoice")
    counter = InvoiceSettings.objects.filter(organization=organization)
    if not counter.update(last_sequence=F("last_sequence") + 1):
        raise InvoiceSettings.DoesNotExist(organization.slug)
    settings = counter.get()
    number = format_number(settings.number_format, settings.last_sequence, issue_date.year)
    return settings.last_sequence, number
