"""Template tags for the page frame: the current membership and the organization switcher."""

from django import template
from django.http import Http404

from kassalink.accounts.models import Membership
from kassalink.accounts.tenancy import access_membership, memberships_of

register = template.Library()


@register.simple_tag(takes_context=True)
def current_membership(context: template.Context) -> Membership | None:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    try:
        return access_membership(request)
    except Http404:
        return None


@register.inclusion_tag("accounts/_switcher.html", takes_context=True)
def organization_switcher(context: template.Context) -> dict[str, object]:
    request = context.get("request")
    memberships = list(memberships_of(request.user)) if request else []
    current = current_membership(context)
    return {
        "memberships": memberships,
        "current": current,
        "csrf_token": context.get("csrf_token"),
    }
