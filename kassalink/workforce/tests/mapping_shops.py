"""Helpers for the mapping tests: people signed in to the conftest's shops (connections),
POS employees, cost centers and branches as the employees stream would have mirrored them."""

from django.test import Client

from kassalink.accounts.models import Membership
from kassalink.accounts.tests.fixtures import make_user
from kassalink.connections.models import Connection
from kassalink.workforce.models import (
    Department,
    Employee,
    PosBranch,
    PosCostCenter,
    PosEmployee,
)


def signed_in(connection: Connection, role: str = "manager") -> Client:
    """A browser session of the shop's owner or manager."""
    organization = connection.organization
    user = make_user(f"{role}@{organization.slug}.example")
    Membership.objects.create(organization=organization, user=user, role=role)
    client = Client()
    client.force_login(user)
    return client


def department(connection: Connection, name: str = "Winkel") -> Department:
    return Department.objects.get_or_create(organization=connection.organization, name=name)[0]


def employee(connection: Connection, first: str, last: str = "", **fields) -> Employee:
    return Employee.objects.create(
        organization=connection.organization,
        first_name=first,
        last_name=last,
        default_department=fields.pop("default_department", None) or department(connection),
        **fields,
    )


def pos_employee(
    connection: Connection, number: int, name: str, *, group: bool = True, email: str = ""
) -> PosEmployee:
    from django.utils import timezone

    return PosEmployee.objects.create(
        organization=connection.organization,
        connection=connection,
        number=number,
        name=name,
        email=email,
        authorization_groups=["Kassamedewerker"] if group else [],
        has_authorization_group=group,
        changed_at=timezone.now(),
    )


def cost_center(
    connection: Connection, number: str, branch: int | None = 1, description: str = ""
) -> PosCostCenter:
    """A cost center, and (with `branch`) that branch booking on it, as the employees
    stream mirrors them from getCostCenters and getTurnoverGroups."""
    if branch is not None:
        PosBranch.objects.create(
            organization=connection.organization,
            connection=connection,
            number=branch,
            name=f"Filiaal {branch}",
            cost_center=number,
        )
    return PosCostCenter.objects.create(
        organization=connection.organization,
        connection=connection,
        number=number,
        description=description or f"Omzet filiaal {branch}",
    )
