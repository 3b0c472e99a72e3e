"""Forms for shops and API tokens; the command line validates with the same forms."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import Membership, Organization


class OrganizationForm(forms.Form):
    slug = forms.SlugField(label=_("slug"), max_length=50)
    name = forms.CharField(label=_("naam"), max_length=200)
    owner_email = forms.EmailField(label=_("e-mailadres eigenaar"))

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Organization.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Er bestaat al een organisatie met deze slug."))
        return slug

    def clean_owner_email(self) -> str:
        email = self.cleaned_data["owner_email"].strip()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is not None and user.is_staff:
            raise forms.ValidationError(_("Dit is een beheerder; kies een ander e-mailadres."))
        return email


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("naam"), max_length=100, initial="API")


class MemberTokenForm(ApiTokenForm):
    """A token for a given member, by e-mail address (command line)."""

    user_email = forms.EmailField(label=_("gebruiker"))

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_user_email(self) -> object:
        email = self.cleaned_data["user_email"]
        membership = (
            Membership.objects.filter(organization=self.organization, user__email__iexact=email)
            .select_related("user")
            .first()
        )
        if membership is None:
            raise forms.ValidationError(_("Deze gebruiker is geen lid van de organisatie."))
        self.cleaned_data["user"] = membership.user
        return email
