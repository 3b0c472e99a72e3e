"""`kassalink connection add|list|test|activate|webhook|history`: MplusKASSA connections
for operators.

The secret is read from stdin (never from argv, where `ps` and shell history see it).
Input is validated with the operator's setup form, so the rules equal the console's.
A date that is no date or out of range (--history-from, --from) exits with code 2.
"""

import argparse
import datetime as dt
import getpass
import json
import re
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from kassalink.accounts.management.commands.org import form_errors
from kassalink.accounts.models import Organization
from kassalink.accounts.tenancy import owner_emails
from kassalink.connections.actions import (
    ConnectionStateError,
    do_activate_connection,
    do_create_connection,
    do_test_connection,
    do_update_connection,
)
from kassalink.connections.forms import ConnectionSetupForm, HistoryForm, parse_branches
from kassalink.connections.models import Connection
from kassalink.connections.probe import activation_warning

OPTION_NAMES = {
    "port": "--port",
    "name": "--name",
    "host": "--host",
    "scheme": "--scheme",
    "ident": "--ident",
    "secret": "secret (stdin)",
    "branches": "--branches",
    "import_notification_email": "--import-email",
    "turnover_notification_email": "--turnover-email",
    "history_from": "--history-from",
}
# Exit code for a bad date, as argparse uses for any malformed option.
BAD_DATE = 2


def iso_date(text: str) -> dt.date:
    """An argparse type: YYYY-MM-DD and nothing else."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Manage MplusKASSA connections: add, list, test, activate."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = actions.add_parser(
            "add",
            help="add a connection (in preparation); the secret is read from stdin",
            description="Add a MplusKASSA connection to a shop, status 'in preparation'. "
            'The secret is read from stdin, e.g. `printf %%s "$SECRET" | kassalink '
            "connection add ...`; on a terminal it is asked for. Prints the new id.",
        )
        add.add_argument("--org", required=True, help="the organization's slug")
        add.add_argument("--name", required=True, help="Koppelnaam, e.g. 'Winkel Centrum'")
        add.add_argument("--port", required=True, help="Poort: the account's API port")
        add.add_argument("--host", default="api.mpluskassa.nl", help="default api.mpluskassa.nl")
        add.add_argument("--scheme", default="https", help="http or https (default https)")
        add.add_argument("--ident", required=True, help="the account's ident")
        add.add_argument(
            "--branches", default="all", help="Sectoren: 'all' (default) or numbers, e.g. 1,2"
        )
        add.add_argument(
            "--import-email", help="e-mail for import notices (default: the shop's owners)"
        )
        add.add_argument("--turnover-email", default="", help="e-mail for turnover notices")
        add.add_argument(
            "--history-from",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help="Importeren vanaf: fetch receipts and clock times from this date (default: "
            "no history setting)",
        )

        listing = actions.add_parser(
            "list",
            help="list every connection",
            description="List connections (never their ident or secret).",
        )
        listing.add_argument("--json", action="store_true", help="print JSON for machines")

        test = actions.add_parser(
            "test",
            help="call the account: API version and branches; non-zero exit on failure",
            description="Test a connection: ask the account for its API version and "
            "branches. Exits non-zero with the reason when that fails.",
        )
        test.add_argument("id", type=int, help="the connection's id")

        activate = actions.add_parser(
            "activate",
            help="activate a connection and e-mail the shop",
            description="Set a connection active (its imports start) and e-mail the shop.",
        )
        activate.add_argument("id", type=int, help="the connection's id")

        webhook = actions.add_parser(
            "webhook",
            help="the POS webhook subscription to set up in MplusKASSA",
            description="Print what to fill in at Beheer › Instellingen › Webhooks in "
            "MplusKASSA: subscription id, endpoint URL, scanCode pattern and the events to "
            "set blocking. --new-secret makes a new secret key (the old one stops working) "
            "and prints it once; the first time there is none, one is made.",
        )
        webhook.add_argument("id", type=int, help="the connection's id")
        webhook.add_argument("--json", action="store_true", help="print JSON for machines")
        webhook.add_argument(
            "--new-secret", action="store_true", help="make a new secret key and print it once"
        )

        history = actions.add_parser(
            "history",
            help="show or set Importeren vanaf (how far back the link fetches history)",
            description="Show a connection's Importeren vanaf: the first date of receipts "
            "and clock times it fetches. --from sets it (on an active connection the history "
            "is then fetched in the background), --clear removes it. A bad date exits 2.",
        )
        history.add_argument("id", type=int, help="the connection's id")
        change = history.add_mutually_exclusive_group()
        change.add_argument("--from", dest="history_from", type=iso_date, metavar="YYYY-MM-DD")
        change.add_argument("--clear", action="store_true", help="remove the setting")
        history.add_argument("--json", action="store_true", help="print JSON for machines")

    def handle(self, *args: object, **options: object) -> None:
        with translation.override("en"):
            getattr(self, f"handle_{options['action']}")(options)

    # --- actions ---------------------------------------------------------------------

    def handle_add(self, options: dict) -> None:
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"--org: no organization with slug {options['org']!r}")
        try:
            branches = parse_branches(options["branches"])
        except ValidationError as error:
            raise CommandError(f"--branches: {' '.join(error.messages)}") from None
        import_email = options["import_email"] or next(iter(owner_emails(organization)), "")
        data = {
            "name": options["name"],
            "port": options["port"],
            "host": options["host"],
            "scheme": options["scheme"],
            "ident": options["ident"],
            "secret": self.read_secret(),
            "import_notification_email": import_email,
            "turnover_notification_email": options["turnover_email"],
            "history_from": options["history_from"] or "",
        }
        form = ConnectionSetupForm(data, organization=organization)
        if not form.is_valid():
            code = BAD_DATE if "history_from" in form.errors else 1
            raise CommandError(form_errors(form, OPTION_NAMES), returncode=code)
        fields = {f: form.cleaned_data[f] for f in form.fields}
        fields["branches"] = branches
        connection = do_create_connection(organization, fields)
        self.stdout.write(str(connection.pk))

    def read_secret(self) -> str:
        if sys.stdin.isatty():
            secret = getpass.getpass("secret: ")
        else:
            secret = sys.stdin.read().strip("\r\n")
        if not secret:
            raise CommandError(
                "secret (stdin): empty. Pipe it in, e.g. "
                '`printf %s "$MPLUS_SECRET" | kassalink connection add ...`'
            )
        return secret

    def handle_list(self, options: dict) -> None:
        connections = Connection.objects.select_related("organization").order_by("pk")
        rows = [
            {
                "id": c.pk,
                "organization": c.organization.slug,
                "name": c.name,
                "status": c.status,
                "host": c.host,
                "port": c.port,
                "scheme": c.scheme,
                "branches": c.branches,
                "history_from": c.history_from.isoformat() if c.history_from else None,
                "activated_at": c.activated_at.isoformat() if c.activated_at else None,
            }
            for c in connections
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            branches = ",".join(map(str, row["branches"])) or "all"
            self.stdout.write(
                f"{row['id']:>4}  {row['organization']:<20} {row['name']:<24} "
                f"{row['status']:<16} {row['scheme']}://{row['host']}:{row['port']}  "
                f"branches {branches}"
            )

    def get_connection(self, connection_id: int) -> Connection:
        connection = Connection.objects.filter(pk=connection_id).first()
        if connection is None:
            raise CommandError(f"id: no connection {connection_id}")
        return connection

    def handle_test(self, options: dict) -> None:
        connection = self.get_connection(options["id"])
        result = do_test_connection(connection)
        if not result.ok:
            raise CommandError(f"{result.reason}: {result.problem}")
        self.stdout.write(f"ok: MplusKASSA API {result.version}")
        for branch in result.branches:
            self.stdout.write(f"branch {branch.number}: {branch.name}")

    def handle_activate(self, options: dict) -> None:
        connection = self.get_connection(options["id"])
        warning = activation_warning(connection)
        try:
            connection = do_activate_connection(connection)
        except ConnectionStateError:
            raise CommandError(f"id: connection {connection.pk} is already active") from None
        if warning:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(f"connection {connection.pk} active")

    def handle_webhook(self, options: dict) -> None:
        from kassalink.connections.webhook_settings import do_new_webhook_secret, webhook_summary

        connection = self.get_connection(options["id"])
        secret = None
        if options["new_secret"] or not connection.webhook_secret_key:
            secret = do_new_webhook_secret(connection)
        summary = webhook_summary(connection)
        if secret is not None:
            summary["secret_key"] = secret
        if options["json"]:
            self.stdout.write(json.dumps(summary, indent=2))
            return
        self.stdout.write(f"subscription id    {summary['subscription_id']}")
        self.stdout.write(f"endpoint URL       {summary['endpoint_url']}")
        self.stdout.write(f"scanCode pattern   {summary['scan_code_pattern']}")
        self.stdout.write(f"events             {', '.join(summary['events'])}")
        self.stdout.write(f"blocking           {', '.join(summary['blocking_events'])}")
        if secret is not None:
            self.stdout.write(f"secret key         {secret}   (shown once: paste it now)")
        else:
            self.stdout.write("secret key         set (not shown; --new-secret makes a new one)")

    def handle_history(self, options: dict) -> None:
        connection = self.get_connection(options["id"])
        if options["clear"] or options["history_from"] is not None:
            form = HistoryForm({"history_from": options["history_from"] or ""}, instance=connection)
            if not form.is_valid():
                raise CommandError(
                    form_errors(form, {"history_from": "--from"}), returncode=BAD_DATE
                )
            connection = do_update_connection(connection, form.cleaned_data)
        value = connection.history_from
        if options["json"]:
            body = {
                "id": connection.pk,
                "status": connection.status,
                "history_from": value.isoformat() if value else None,
            }
            self.stdout.write(json.dumps(body, indent=2))
        elif value:
            self.stdout.write(
                f"connection {connection.pk}: history from {value.isoformat()} "
                "(receipts and clock times from this date)"
            )
        else:
            self.stdout.write(
                f"connection {connection.pk}: no history setting (receipts from the till's "
                "first sync marker, clock times from the last few days)"
            )
