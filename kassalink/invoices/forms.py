"""Forms of the invoice pages: a new invoice for a buyer, the shop's invoice details."""

from __future__ import annotations

import io

from django import forms
from django.utils.translation import gettext_lazy as _
from PIL import Image

from kassalink.accounts.models import Organization

from .actions import checked_kvk, checked_vat_id
from .content import InvoiceError
from .models import Buyer, InvoiceSettings
from .numbering import number_format_error

LOGO_LIMIT = 200 * 1024
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


def _check(check, value: str, field: str) -> str:
    try:
        return check(value, field)
    except InvoiceError as error:
        raise forms.ValidationError(error.message) from None


class InvoiceForm(forms.Form):
    known_buyer = forms.ModelChoiceField(
        queryset=Buyer.objects.none(), required=False, label=_("Bekende afnemer")
    )
    name = forms.CharField(label=_("Bedrijfsnaam"), max_length=200, required=False)
    street = forms.CharField(label=_("Straat en huisnummer"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=20, required=False)
    city = forms.CharField(label=_("Plaats"), max_length=100, required=False)
    country = forms.CharField(label=_("Land"), max_length=2, initial="NL")
    vat_id = forms.CharField(label=_("Btw-id"), max_length=20, required=False)
    kvk = forms.CharField(label=_("KvK-nummer"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    reference = forms.CharField(
        label=_("Referentie / inkoopordernummer"), max_length=200, required=False
    )
    language = forms.ChoiceField(
        label=_("Taal van de factuur"), choices=[("nl", "Nederlands"), ("en", "English")]
    )

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["known_buyer"].queryset = Buyer.objects.filter(organization=organization)

    def clean_vat_id(self) -> str:
        return _check(checked_vat_id, self.cleaned_data["vat_id"].strip(), "vat_id")

    def clean_kvk(self) -> str:
        return _check(checked_kvk, self.cleaned_data["kvk"].strip(), "kvk")

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("known_buyer") and not (data.get("name") or "").strip():
            self.add_error("name", _("Kies een bekende afnemer of vul een bedrijfsnaam in."))
        return data


class InvoiceSettingsForm(forms.ModelForm):
    logo_file = forms.FileField(label=_("Logo (PNG of JPEG, hoogstens 200 kB)"), required=False)

    class Meta:
        model = InvoiceSettings
        fields = [
            "legal_name", "street", "postcode", "city", "country", "kvk", "vat_id", "iban",
            "email", "phone", "payment_terms", "number_format",
        ]  # fmt: skip

    def clean_vat_id(self) -> str:
        return _check(checked_vat_id, self.cleaned_data["vat_id"].strip(), "vat_id")

    def clean_kvk(self) -> str:
        return _check(checked_kvk, self.cleaned_data["kvk"].strip(), "kvk")

    def clean_iban(self) -> str:
        from stdnum import iban

        value = self.cleaned_data["iban"].strip()
        if value and not iban.is_valid(value):
            raise forms.ValidationError(_("Geen geldig IBAN."))
        return iban.compact(value) if value else ""

    def clean_country(self) -> str:
        value = self.cleaned_data["country"].strip()
        if len(value) != 2 or not value.isalpha():
            raise forms.ValidationError(_("Gebruik een landcode van twee letters, zoals NL."))
        return value.upper()

    def clean_number_format(self) -> str:
        value = self.cleaned_data["number_format"]
        problem = number_format_error(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_logo_file(self) -> object:
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        if upload.size > LOGO_LIMIT:
            raise forms.ValidationError(_("Het logo is groter dan 200 kB."))
        head = upload.read(8)
        kind = next((k for magic, k in LOGO_TYPES.items() if head.startswith(magic)), None)
        if kind is None:
            raise forms.ValidationError(_("Alleen PNG of JPEG."))
        upload.seek(0)
        data = upload.read()
        try:
            # The whole file read: a right header over broken data is no logo.
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
            raise forms.ValidationError(_("Dit logo is geen leesbare PNG of JPEG.")) from error
        return kind, data

    def save(self, commit: bool = True) -> InvoiceSettings:
        settings = super().save(commit=False)
        if self.cleaned_data.get("logo_file"):
            settings.logo_type, settings.logo = self.cleaned_data["logo_file"]
        if commit:
            settings.save()
        return settings
