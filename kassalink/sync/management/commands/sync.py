"""`kassalink sync ID --stream NAME [--json]`: one sync run now, in the foreground.

It takes the same lock as the workers, so it never runs beside a scheduled run of the same
connection and stream. Exit code 0 when the run succeeded, 1 when it failed or was skipped
because another run holds the lock, 2 for a bad connection id or stream name.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kassalink.sync.models import SyncRun
from kassalink.sync.runner import StreamNotEnabled, run_stream
from kassalink.sync.streams import STREAMS, UnknownStream


class Command(BaseCommand):
    help = "Run one stream of one MplusKASSA connection now and print its summary."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("connection", type=int, help="the connection's id")
        parser.add_argument("--stream", required=True, help=f"one of: {', '.join(STREAMS)}")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: object, **options: object) -> None:
        from kassalink.connections.models import Connection

        connection_id, stream = options["connection"], options["stream"]
        try:
            run = run_stream(connection_id, stream, SyncRun.Trigger.CLI)
        except UnknownStream as error:
            raise CommandError(str(error), returncode=2) from None
        except Connection.DoesNotExist:
            known = ", ".join(
                f"{pk} ({name})" for pk, name in Connection.objects.values_list("pk", "name")
            )
            raise CommandError(
                f"no connection with id {connection_id}; connections: {known or 'none'}",
                returncode=2,
            ) from None
        except StreamNotEnabled as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(summary_json(run) if options["json"] else summary_text(run))
        if run.status == SyncRun.Status.SKIPPED_LOCKED:
            raise CommandError(
                f"another run of {stream} for connection {connection_id} holds the lock; "
                "try again when it has finished"
            )
        if run.status != SyncRun.Status.SUCCEEDED:
            raise CommandError(f"sync failed: {run.error}")


def summary(run: SyncRun) -> dict:
    return {
        "run": run.pk,
        "connection": run.connection_id,
        "stream": run.stream,
        "status": run.status,
        "created": run.created,
        "updated": run.updated,
        "skipped": run.skipped,
        "pages": run.pages,
        "cursor_before": run.cursor_before,
        "cursor_after": run.cursor_after,
        "started": run.started.isoformat(),
        "finished": run.finished.isoformat() if run.finished else None,
        "seconds": run.duration_seconds,
        "error": run.error or None,
    }


def summary_json(run: SyncRun) -> str:
    return json.dumps(summary(run), sort_keys=True)


def summary_text(run: SyncRun) -> str:
    lines = [
        f"{run.stream} for connection {run.connection_id}: {run.status} "
        f"(run {run.pk}, {run.duration_seconds or 0:.1f}s, {run.pages} pages)",
        f"  created {run.created}, updated {run.updated}, skipped {run.skipped}",
        f"  cursor before {json.dumps(run.cursor_before)}",
        f"  cursor after  {json.dumps(run.cursor_after)}",
    ]
    if run.error:
        lines.append(f"  error: {run.error}")
    return "\n".join(lines)
