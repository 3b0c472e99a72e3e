"""`kassalink serve --port N`: the web app under gunicorn (a production server)."""

import os

from django.core.management.base import BaseCommand, CommandParser


def _default_threads() -> int:
    return int(os.environ.get("KASSALINK_WEB_THREADS", "4"))


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
        parser.add_argument(
            "--threads",
            type=int,
            default=_default_threads(),
            help="threads per worker (default $KASSALINK_WEB_THREADS or 4)",
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
            # Threaded workers: an idle keep-alive connection (a till between calls, a
            # browser) waits in the worker's poller instead of holding the whole process,
            # as a sync worker does while it blocks reading it. Measured in bench/wallet.py.
            "--worker-class",
            "gthread",
            "--threads",
            str(max(1, int(options.get("threads") or _default_threads()))),
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
