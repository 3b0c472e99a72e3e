"""Where sync health and the run log of a connection render:

- `{% connection_health connection %}`: the full block, from the sync app's
  "sync/_health.html" (per stream: last success, age of the newest data, failures in a row);
- `{% connection_health connection compact=True %}`: one badge per stream, for the
  operator console's table;
- `{% connection_runs connection %}`: the latest runs, from "sync/_runs.html".

The sync app owns what health means (`kassalink.sync.health.health_for`); these tags only
place it, and render nothing while the sync app is not installed.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Enough to see the first sync and the last few hours of a busy connection.
RUNS_SHOWN = 20


def _health_for(connection: object) -> list | None:
    try:
        from kassalink.sync.health import health_for
    except ImportError:
        return None
    return health_for(connection)


def _recent_runs(connection: object, limit: int) -> list | None:
    try:
        from kassalink.sync.models import SyncRun
    except ImportError:
        return None
    # "Skipped, already running" rows say nothing about the data; leave them out here.
    runs = SyncRun.objects.filter(connection=connection).exclude(
        status=SyncRun.Status.SKIPPED_LOCKED
    )
    return list(runs.order_by("-started", "-pk")[:limit])


@register.simple_tag(takes_context=True)
def connection_health(
    context: template.Context, connection: object, compact: bool = False
) -> SafeString:
    health = _health_for(connection)
    if health is None:
        return mark_safe("")
    name = "connections/_health_compact.html" if compact else "sync/_health.html"
    return render_to_string(
        name, {"connection": connection, "health": health}, context.get("request")
    )


@register.simple_tag
def sync_in_flight(connection: object) -> bool:
    """A run of the connection is queued by the schedule or running now."""
    try:
        from kassalink.sync.models import SyncRun, SyncState
    except ImportError:
        return False
    running = SyncRun.objects.filter(connection=connection, status=SyncRun.Status.RUNNING)
    queued = SyncState.objects.filter(connection=connection, queued_at__isnull=False)
    return running.exists() or queued.exists()


@register.simple_tag(takes_context=True)
def connection_runs(
    context: template.Context, connection: object, limit: int = RUNS_SHOWN
) -> SafeString:
    runs = _recent_runs(connection, limit)
    if runs is None:
        return mark_safe("")
    return render_to_string(
        "sync/_runs.html", {"runs": runs, "show_connection": False}, context.get("request")
    )
