"""Tenant scoping: which organization a request acts for, and what its user may do there.

Views never look up an organization or a member's role themselves: they call
`access_membership` (or `access_organization`), which raise 404/403, so a view cannot
forget the check. Object helpers in the same style (`access_connection`, ...) live next
to the models they guard and start from these.

Roles: an owner and a manager can both use the App center (request a link, edit its
settings and mapping); only an owner manages API tokens, since a token acts for the shop
without a person present.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from kassalink.accounts.models import ApiToken, Membership, Organization

SESSION_KEY = "kassalink_organization_id"


def memberships_of(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Membership]:
    """Every organization the user belongs to, by name."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )


def access_membership(request: HttpRequest) -> Membership:
    """The user's membership of the organization they are working in; 404 if none.

    With several organizations, the one chosen in the switcher (kept in the session) wins,
    otherwise the first by name.
    """
    memberships = list(memberships_of(request.user))
    if not memberships:
        raise Http404("no organization")
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.organization_id == chosen:
            return membership
    return memberships[0]


def access_organization(request: HttpRequest) -> Organization:
    """The organization the request works in (see `access_membership`)."""
    return access_membership(request).organization


def organization_of(request: HttpRequest) -> Organization:
    """For the JSON API: a shop token's own organization, else the one the signed-in
    merchant works in (access_organization)."""
    if isinstance(getattr(request, "auth", None), ApiToken):
        return request.auth.organization
    return access_organization(request)


def switch_organization(request: HttpRequest, organization_id: int) -> Organization:
    """Make another of the user's organizations the current one; 404 if not theirs."""
    membership = memberships_of(request.user).filter(organization_id=organization_id).first()
    if membership is None:
        raise Http404("not a member")
    request.session[SESSION_KEY] = membership.organization_id
    return membership.organization


def require_owner(membership: Membership) -> None:
    """Only an owner may go on (API tokens); a manager gets 403."""
    if membership.role != Membership.Role.OWNER:
        raise PermissionDenied("owner only")


def owner_emails(organization: Organization) -> list[str]:
    """The e-mail addresses of the organization's owners (for notices about the shop)."""
    return sorted(
        {
            m.user.email
            for m in organization.memberships.select_related("user")
            if m.role == Membership.Role.OWNER and m.user.email
        }
    )
