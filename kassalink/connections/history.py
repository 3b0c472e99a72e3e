"""The "Importeren vanaf" setting: how far back a link fetches history, and its limits.

One rule for every surface (the shop's request and gear, the operator's form, the
command line, the API): a date from today back to `KASSALINK_HISTORY_MAX_YEARS` years
ago; empty keeps what a link did before the setting existed.
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

HELP_TEXT = _(
    "Kassabonnen en kloktijden vanaf deze datum worden opgehaald; de geschiedenis wordt op "
    "de achtergrond geïmporteerd."
)


def max_years() -> int:
    return max(1, int(settings.KASSALINK_HISTORY_MAX_YEARS))


def history_bounds(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The earliest and the latest date "Importeren vanaf" may take (shop's local dates)."""
    today = today or timezone.localdate()
    year = today.year - max_years()
    try:
        earliest = today.replace(year=year)
    except ValueError:  # 29 February, and that year has none
        earliest = dt.date(year, 2, 28)
    return earliest, today


def check_history_from(value: dt.date, today: dt.date | None = None) -> None:
    """Refuse a date in the future or further back than the installation allows."""
    earliest, latest = history_bounds(today)
    if value > latest:
        raise forms.ValidationError(
            _("Importeren vanaf ligt in de toekomst; kies vandaag (%(today)s) of eerder."),
            code="future",
            params={"today": formats.date_format(latest)},
        )
    if value < earliest:
        raise forms.ValidationError(
            ngettext(
                "Importeren vanaf kan hoogstens %(years)d jaar terug: niet vóór %(earliest)s.",
                "Importeren vanaf kan hoogstens %(years)d jaar terug: niet vóór %(earliest)s.",
                max_years(),
            ),
            code="too_old",
            params={"years": max_years(), "earliest": formats.date_format(earliest)},
        )


class HistoryFromField(forms.DateField):
    """A date picker for "Importeren vanaf"; empty is allowed."""

    default_error_messages = {
        "invalid": _("Importeren vanaf is geen geldige datum; schrijf bijvoorbeeld 2025-01-31."),
    }

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Importeren vanaf"))
        kwargs.setdefault("help_text", HELP_TEXT)
        kwargs.setdefault("widget", forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
        super().__init__(**kwargs)


class HistoryFromFormMixin:
    """For a form with a `history_from` HistoryFromField (ModelForm or not).

    The picker's min/max are set per form, so they follow the date. A value equal to the
    one stored is accepted as it is: a date chosen within the limit years ago must not
    block saving the other settings once it has drifted past it.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        earliest, latest = history_bounds()
        self.fields["history_from"].widget.attrs.update(
            min=earliest.isoformat(), max=latest.isoformat()
        )

    def clean_history_from(self) -> dt.date | None:
        value = self.cleaned_data.get("history_from")
        instance = getattr(self, "instance", None)
        stored = instance.history_from if instance is not None and instance.pk else None
        if value is not None and value != stored:
            check_history_from(value)
        return value
