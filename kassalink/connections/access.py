"""Fetch a connection or request *and* check the person may see it (404 otherwise)."""

from django.http import Http404, HttpRequest

from kassalink.accounts.models import Membership
from kassalink.accounts.tenancy import access_membership
from kassalink.connections.models import Connection, LinkRequest


def access_connection(request: HttpRequest, connection_id: int) -> tuple[Connection, Membership]:
    """A connection of the organization the merchant works in, with their membership."""
    membership = access_membership(request)
    connection = (
        Connection.objects.filter(pk=connection_id, organization=membership.organization)
        .select_related("organization")
        .first()
    )
    if connection is None:
        raise Http404("no such connection")
    return connection, membership


def access_connection_as_operator(request: HttpRequest, connection_id: int) -> Connection:
    """Any connection, for staff only (404 for everyone else, so nothing is revealed)."""
    if not (request.user.is_authenticated and request.user.is_staff):
        raise Http404("operators only")
    connection = (
        Connection.objects.filter(pk=connection_id)
        .select_related("organization", "link_request")
        .first()
    )
    if connection is None:
        raise Http404("no such connection")
    return connection


def access_link_request_as_operator(request: HttpRequest, request_id: int) -> LinkRequest:
    if not (request.user.is_authenticated and request.user.is_staff):
        raise Http404("operators only")
    link_request = LinkRequest.objects.filter(pk=request_id).select_related("organization").first()
    if link_request is None:
        raise Http404("no such request")
    return link_request
