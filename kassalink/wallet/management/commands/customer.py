"""`kassalink customer create EMAIL` (a wallet; a sign-in link is mailed) and
`kassalink customer token EMAIL` (a personal token for the wallet API, printed once)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from kassalink.wallet.customers import (
    customer_for_email,
    do_create_customer,
    do_create_token,
    send_sign_in_link,
)


class Command(BaseCommand):
    help = "Wallet accounts of customers: create, token."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser(
            "create",
            help="make a wallet account; a sign-in link is e-mailed",
            description="Make a wallet account for EMAIL (kept if it exists) and e-mail a "
            "sign-in link. Prints the customer's id.",
        )
        create.add_argument("email")
        token = actions.add_parser(
            "token",
            help="a personal token for /api/v1/wallet/, printed once",
            description="Make a personal API token for the wallet of EMAIL; it is printed "
            "once and stored hashed.",
        )
        token.add_argument("email")

    def handle(self, *args: object, **options: object) -> None:
        email = str(options["email"]).strip()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"EMAIL: {email!r} is not an e-mail address") from None
        if options["action"] == "create":
            customer, new = do_create_customer(email)
            send_sign_in_link(customer)
            if not new:
                self.stderr.write(f"{email} already had a wallet; a new sign-in link was sent")
            self.stdout.write(str(customer.pk))
            return
        customer = customer_for_email(email)
        if customer is None:
            raise CommandError(f"EMAIL: no wallet for {email} (kassalink customer create first)")
        self.stdout.write(do_create_token(customer))
