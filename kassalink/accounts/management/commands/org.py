"""`kassalink org create SLUG --name NAME --owner EMAIL`: a new shop and its owner."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.forms import Form
from django.utils import translation

from kassalink.accounts.actions import do_create_organization
from kassalink.accounts.forms import OrganizationForm


def form_errors(form: Form, names: dict[str, str] | None = None) -> str:
    """A form's errors as one line per field, named as on the command line."""
    names = names or {}
    return "\n".join(
        f"{names.get(field, field)}: {' '.join(errors)}" for field, errors in form.errors.items()
    )


class Command(BaseCommand):
    help = "Manage organizations (shops)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser(
            "create",
            help="create a shop with its owner; the owner gets an e-mail to set a password",
            description="Create an organization (shop) and its owner. A new owner receives "
            "an e-mail with a link to choose a password; the link is printed too.",
        )
        create.add_argument("slug", help="short name in URLs, e.g. bakkerij-jansen")
        create.add_argument("--name", required=True, help="the shop's name")
        create.add_argument("--owner", required=True, help="the owner's e-mail address")

    def handle(self, *args: object, **options: object) -> None:
        with translation.override("en"):
            form = OrganizationForm(
                {
                    "slug": options["slug"],
                    "name": options["name"],
                    "owner_email": options["owner"],
                }
            )
            if not form.is_valid():
                raise CommandError(form_errors(form, {"owner_email": "--owner"}))
        new = do_create_organization(
            form.cleaned_data["slug"], form.cleaned_data["name"], form.cleaned_data["owner_email"]
        )
        organization = new.organization
        self.stdout.write(f"organization {organization.slug} created (id {organization.pk})")
        if new.set_password_url:
            self.stdout.write(f"owner {new.owner.email} can set a password at:")
            self.stdout.write(new.set_password_url)
        else:
            self.stdout.write(f"owner {new.owner.email} already had an account; added as owner")
