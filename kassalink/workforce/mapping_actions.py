"""Saving the mapping tabs' choices, shared by the pages and the API.

Choices arrive already checked against the connection's organization (forms and
serializers offer only its own employees and departments); these functions write them
in one transaction, so a save is all or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from kassalink.connections.models import Connection

from .models import (
    CostCenterRule,
    Department,
    Employee,
    EmployeeMapping,
    PosBranch,
    PosCostCenter,
    PosEmployee,
)


def mappable_employees(connection: Connection) -> list[PosEmployee]:
    """The MplusKASSA employees the Medewerkers tab lists: those with an authorization group."""
    return list(
        PosEmployee.objects.filter(connection=connection, has_authorization_group=True).order_by(
            "name", "number"
        )
    )


def employees_without_group(connection: Connection) -> list[PosEmployee]:
    return list(
        PosEmployee.objects.filter(connection=connection, has_authorization_group=False).order_by(
            "name"
        )
    )


def listed_cost_centers(connection: Connection) -> list[PosCostCenter]:
    """The Kloktijden tab's rows: the cost centers the connection's branches book on (others
    apply to no clocked shift), each with `branches`, its PosBranch rows. One the POS named
    in a turnover group but not in getCostCenters is listed without a description."""
    by_center: dict[str, list[PosBranch]] = defaultdict(list)
    for branch in PosBranch.objects.filter(connection=connection).exclude(cost_center=""):
        by_center[branch.cost_center].append(branch)
    known = PosCostCenter.objects.filter(connection=connection, number__in=list(by_center))
    centers = {c.number: c for c in known}
    listed = []
    for number in sorted(by_center):
        center = centers.get(number) or PosCostCenter(
            organization_id=connection.organization_id, connection=connection, number=number
        )
        center.branches = by_center[number]
        listed.append(center)
    return listed


def do_save_employee_mappings(
    connection: Connection, choices: Mapping[int, Employee | None]
) -> int:
    """Store each MplusKASSA number's employee (None = Niet importeren); returns changes."""
    changed = 0
    with transaction.atomic():
        stored = {m.pos_number: m for m in EmployeeMapping.objects.filter(connection=connection)}
        for number, employee in choices.items():
            mapping = stored.get(number)
            if mapping is None:
                EmployeeMapping.objects.create(
                    organization_id=connection.organization_id,
                    connection=connection,
                    pos_number=number,
                    employee=employee,
                )
            elif mapping.employee_id != (employee.pk if employee else None):
                mapping.employee = employee
                mapping.save(update_fields=["employee", "updated"])
            else:
                continue
            changed += 1
    return changed


def do_save_cost_center_rules(
    connection: Connection, rules: Mapping[str, tuple[str, Department | None]]
) -> int:
    """Store each cost center's (mode, department); returns how many changed."""
    changed = 0
    with transaction.atomic():
        stored = {r.cost_center: r for r in CostCenterRule.objects.filter(connection=connection)}
        for cost_center, (mode, department) in rules.items():
            department = department if mode == CostCenterRule.Mode.DEPARTMENT else None
            rule = stored.get(cost_center)
            if rule is None:
                CostCenterRule.objects.create(
                    organization_id=connection.organization_id,
                    connection=connection,
                    cost_center=cost_center,
                    mode=mode,
                    department=department,
                )
            elif (rule.mode, rule.department_id) != (mode, department.pk if department else None):
                rule.mode, rule.department = mode, department
                rule.save(update_fields=["mode", "department", "updated"])
            else:
                continue
            changed += 1
    return changed


def split_name(name: str) -> tuple[str, str]:
    """ "Anna de Vries" → ("Anna", "de Vries"): the POS keeps one name field."""
    first, _, last = " ".join(name.split()).partition(" ")
    return first[:100] or "?", last[:100]


def usable_email(value: str) -> str:
    """The POS's e-mail when it is an address, else blank (a typo there is not ours to keep)."""
    value = value.strip()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value[:254]


def do_create_employees_from_pos(
    connection: Connection, pos_employees: Iterable[PosEmployee], department: Department
) -> list[Employee]:
    """Create one of our employees per MplusKASSA employee (name, e-mail, department) and
    map them to each other, in one transaction. Numbers already mapped are left alone, so
    pressing twice creates nobody twice."""
    created = []
    with transaction.atomic():
        mapped = set(
            EmployeeMapping.objects.filter(connection=connection).values_list(
                "pos_number", flat=True
            )
        )
        for pos in pos_employees:
            if pos.number in mapped:
                continue
            first, last = split_name(pos.name)
            employee = Employee.objects.create(
                organization_id=connection.organization_id,
                first_name=first,
                last_name=last,
                email=usable_email(pos.email),
                default_department=department,
            )
            EmployeeMapping.objects.create(
                organization_id=connection.organization_id,
                connection=connection,
                pos_number=pos.number,
                employee=employee,
            )
            mapped.add(pos.number)
            created.append(employee)
    return created
