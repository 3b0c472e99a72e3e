"""`kassalink serve --port N`: the web app under gunicorn (a production server)."""

import os

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the web app with gunicorn (static files included)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)"
        )
        parser.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "2")),
            help="gunicorn worker processes (default $WEB_CONCURRENCY or 2)",
        )

    def handle(self, *args: object, **options: object) -> None:
        from django.conf import settings
        from gunicorn.app.wsgiapp import WSGIApplication

        argv = [
            "gunicorn",
            "kassalink.wsgi:application",
            "--bind",
            f"{options['host']}:{options['port']}",
            "--workers",
            str(options["workers"]),
            # Set here, not left to gunicorn's default, because "Test verbinding" sizes
            # its deadline from it (connections/probe.py).
            "--timeout",
            str(settings.KASSALINK_WEB_TIMEOUT),
            "--access-logfile",
            "-",
        ]
        import sys

        sys.argv = argv
        WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
