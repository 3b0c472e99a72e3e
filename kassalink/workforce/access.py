"""Fetch a workforce row *and* check it belongs to the merchant's organization (404 otherwise).

Views call these instead of `Model.objects.get`, so a page can never show or change a row
of another shop by its id.
"""

from typing import TypeVar

from django.db.models import Model
from django.http import Http404, HttpRequest

from kassalink.accounts.models import Organization
from kassalink.accounts.tenancy import access_organization

from .models import Department, Employee, RosterShift, Team, TimesheetEntry

M = TypeVar("M", bound=Model)


def owned(model: type[M], organization: Organization, pk: int) -> M:
    """The organization's row of `model` with this id; 404 when missing or another shop's."""
    row = model.objects.filter(pk=pk, organization=organization).first()
    if row is None:
        raise Http404(f"no such {model._meta.model_name}")
    return row


def access_department(request: HttpRequest, pk: int) -> Department:
    return owned(Department, access_organization(request), pk)


def access_team(request: HttpRequest, pk: int) -> Team:
    return owned(Team, access_organization(request), pk)


def access_employee(request: HttpRequest, pk: int) -> Employee:
    return owned(Employee, access_organization(request), pk)


def access_roster_shift(request: HttpRequest, pk: int) -> RosterShift:
    return owned(RosterShift, access_organization(request), pk)


def access_timesheet_entry(request: HttpRequest, pk: int) -> TimesheetEntry:
    return owned(TimesheetEntry, access_organization(request), pk)
