"""Forms of the link: the merchant's request and settings, the operator's technical setup.

Which fields a merchant may change and which only an operator may is decided here, once,
and used by the pages, the command line and the API alike.
"""

from collections.abc import Iterable

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import Organization
from kassalink.connections.history import HistoryFromField, HistoryFromFormMixin
from kassalink.connections.models import Connection, LinkRequest
from kassalink.mplus import Branch
from kassalink.web.ids import is_whole

# Settings the merchant may change after activation (the gear in the App center).
MERCHANT_FIELDS = (
    "name",
    "import_notification_email",
    "turnover_notification_email",
    "history_from",
)
# Technical settings only an operator fills in.
OPERATOR_FIELDS = ("host", "port", "scheme", "ident", "secret", "branches")


class LinkRequestForm(HistoryFromFormMixin, forms.ModelForm):
    history_from = HistoryFromField()
    # The model keeps any length; what a shop types here is read by a person.
    message = forms.CharField(
        label=_("Bericht"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = LinkRequest
        fields = [
            "contact_name",
            "email",
            "phone",
            "company",
            "mplus_account",
            "history_from",
            "message",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        help_texts = {
            "mplus_account": _("Optioneel: bijvoorbeeld je MplusKASSA-klantnummer."),
        }

    def clean_phone(self) -> str:
        """A number the operator can call back: Dutch numbers as written in the
        Netherlands (06 12345678), others with their country code."""
        text = self.cleaned_data["phone"].strip()
        try:
            number = phonenumbers.parse(text, "NL")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(
                _("Geen geldig telefoonnummer; bijvoorbeeld 020 123 4567 of +32 2 555 12 12.")
            )
        style = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if number.country_code == 31
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        return phonenumbers.format_number(number, style)


class DeclineRequestForm(forms.Form):
    """Why an operator declines a link request; goes into the e-mail to the shop."""

    reason = forms.CharField(
        label=_("Toelichting voor de winkel"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optioneel; komt in de e-mail aan de winkel."),
    )


def parse_branches(value: object) -> list[int]:
    """Sectoren as a sorted list of branch numbers; "all", "" or [] mean every branch."""
    if value in (None, "", "all", []):
        return []
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise forms.ValidationError(_("Geef sectornummers als lijst, bijvoorbeeld 1,2."))
    numbers = set()
    for item in items:
        try:
            number = int(str(item).strip())
        except ValueError:
            raise forms.ValidationError(
                _("„%(value)s” is geen sectornummer."), params={"value": item}
            ) from None
        if number < 1:
            raise forms.ValidationError(
                _("„%(value)s” is geen sectornummer."), params={"value": item}
            )
        numbers.add(number)
    return sorted(numbers)


class BranchesField(forms.Field):
    """Sectoren: checkboxes of the account's branches; none ticked means all branches."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value: object) -> list[int]:
        return parse_branches(value)

    def set_branches(self, branches: Iterable[Branch], selected: Iterable[int]) -> None:
        choices = {b.number: f"{b.number} · {b.name}" for b in branches}
        for number in selected:
            if is_whole(str(number)):
                choices.setdefault(int(number), str(number))
        self.widget.choices = sorted(choices.items())


class ConnectionSettingsForm(HistoryFromFormMixin, forms.ModelForm):
    """What a merchant may change (the gear)."""

    history_from = HistoryFromField()

    class Meta:
        model = Connection
        fields = list(MERCHANT_FIELDS)


class CredentialsForm(forms.ModelForm):
    """Where the account is and how to log in. Ident and secret are write-only: never
    shown again, and an empty field on an existing connection keeps the stored value."""

    ident = forms.CharField(
        label=_("ident"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
    )
    secret = forms.CharField(
        label=_("secret"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False),
    )

    class Meta:
        model = Connection
        fields = ["port", "host", "scheme", "ident", "secret"]
        labels = {"scheme": _("Protocol")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["port"].help_text = _("Identificatie gegeven door MplusKASSA.")
        for name in ("ident", "secret"):
            if self.stored(name):
                self.fields[name].help_text = _(
                    "•••• opgeslagen — laat leeg om de huidige waarde te houden."
                )

    def stored(self, name: str) -> str:
        return getattr(self.instance, name) if self.instance.pk else ""

    def _write_only(self, name: str) -> str:
        value = self.cleaned_data[name].strip()
        if value:
            return value
        if self.stored(name):
            return self.stored(name)
        raise forms.ValidationError(_("Dit veld is verplicht."))

    def clean_ident(self) -> str:
        return self._write_only("ident")

    def clean_secret(self) -> str:
        return self._write_only("secret")

    def clean_port(self) -> int:
        port = self.cleaned_data["port"]
        if not 1 <= port <= 65535:
            raise forms.ValidationError(_("Een poort ligt tussen 1 en 65535."))
        return port


class ConnectionSetupForm(HistoryFromFormMixin, CredentialsForm):
    """The operator's form: the seed's settings screen, field for field, and the link's
    history (Importeren vanaf)."""

    branches = BranchesField(
        label=_("Sectoren"),
        required=False,
        help_text=_("Geen vinkje: alle sectoren (filialen) worden geïmporteerd."),
    )
    history_from = HistoryFromField()

    class Meta(CredentialsForm.Meta):
        fields = [
            "port",
            "name",
            "host",
            "scheme",
            "ident",
            "secret",
            "branches",
            "history_from",
            "import_notification_email",
            "turnover_notification_email",
        ]

    def __init__(
        self,
        *args: object,
        organization: Organization,
        branches: Iterable[Branch] = (),
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        selected = self.initial.get("branches") or []
        self.fields["branches"].set_branches(branches, selected)


class HistoryForm(HistoryFromFormMixin, forms.ModelForm):
    """Importeren vanaf on its own (`kassalink connection history ID --from`)."""

    history_from = HistoryFromField()

    class Meta:
        model = Connection
        fields = ["history_from"]
