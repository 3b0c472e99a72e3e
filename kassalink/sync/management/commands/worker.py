"""`kassalink worker`: a Celery worker for the sync engine, with beat unless --no-beat."""

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run a Celery worker (and the beat scheduler unless --no-beat)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-beat",
            action="store_true",
            help="do not run the beat scheduler in this worker (run beat on exactly one machine)",
        )
        parser.add_argument(
            "--concurrency", type=int, default=2, help="worker processes (default 2)"
        )
        parser.add_argument("--loglevel", default="INFO")
        parser.add_argument(
            "--queues",
            default="",
            help="comma-separated queues to read (default: Celery's default queue); e.g. "
            "`--queues backfill` for a worker that only runs backfill windows "
            "(KASSALINK_BACKFILL_QUEUE=backfill)",
        )

    def handle(self, *args: object, **options: object) -> None:
        from kassalink.celery import app

        argv = [
            "worker",
            f"--loglevel={options['loglevel']}",
            f"--concurrency={options['concurrency']}",
        ]
        if options["queues"]:
            argv += ["--queues", str(options["queues"])]
        if not options["no_beat"]:
            from django.conf import settings

            argv += ["--beat", f"--schedule={settings.DATA_DIR / 'celerybeat-schedule'}"]
        app.worker_main(argv)
