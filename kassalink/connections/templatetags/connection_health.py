"""`{% connection_health connection %}`: where sync health of a connection renders.

The sync app owns what health means; it provides the template
"sync/_connection_health.html" (context: `connection`). Until it does, nothing renders.
"""

from django import template
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

HEALTH_TEMPLATE = "sync/_connection_health.html"


@register.simple_tag(takes_context=True)
def connection_health(context: template.Context, connection: object) -> SafeString:
    try:
        health = get_template(HEALTH_TEMPLATE)
    except TemplateDoesNotExist:
        return mark_safe("")
    return health.render({"connection": connection}, context.get("request"))
