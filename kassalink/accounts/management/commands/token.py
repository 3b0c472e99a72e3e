"""`kassalink token create --org SLUG --user EMAIL [--name N]`: an API token, shown once."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from kassalink.accounts.actions import do_create_api_token
from kassalink.accounts.forms import MemberTokenForm
from kassalink.accounts.management.commands.org import form_errors
from kassalink.accounts.models import Organization


class Command(BaseCommand):
    help = "Manage API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser(
            "create",
            help="create an API token for a member of a shop and print it once",
            description="Create an API token acting as USER within ORG. The token is "
            "printed once; only its hash is stored. Revoke it on the API-tokens page.",
        )
        create.add_argument("--org", required=True, help="the organization's slug")
        create.add_argument("--user", required=True, help="e-mail address of a member")
        create.add_argument("--name", default="API", help="a name to recognise the token by")

    def handle(self, *args: object, **options: object) -> None:
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"--org: no organization with slug {options['org']!r}")
        with translation.override("en"):
            form = MemberTokenForm(
                {"name": options["name"], "user_email": options["user"]},
                organization=organization,
            )
            if not form.is_valid():
                raise CommandError(form_errors(form, {"user_email": "--user", "name": "--name"}))
        user, name = form.cleaned_data["user"], form.cleaned_data["name"]
        new = do_create_api_token(organization, user, name)
        self.stderr.write(f"token {new.token.name!r} for {organization.slug}; shown only now:")
        self.stdout.write(new.key)
