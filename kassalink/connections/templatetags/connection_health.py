"""Where sync health of a connection renders: `{% connection_health connection %}` (the
full block, from the sync app's "sync/_health.html") and `{% connection_health connection
compact=True %}` (one badge per stream, for the operator console's table).

The sync app owns what health means (`kassalink.sync.health.health_for`); this tag only
places it, and renders nothing while the sync app is not installed.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _health_for(connection: object) -> list | None:
    try:
        from kassalink.sync.health import health_for
    except ImportError:
        return None
    return health_for(connection)


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
