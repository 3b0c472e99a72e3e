"""JSON API for a connection's mapping tabs: employee-mapping and cost-center-mapping.

GET lists the POS side (MplusKASSA employees with an authorization group; the branch
cost centers) with the current choice; PUT writes choices keyed by MplusKASSA number or
cost center. Scope is the connection's organization (another shop's connection is a 404);
an employee or department of another shop, or an unknown number, is a 400 naming the
field, and then nothing is saved.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from kassalink.connections.api import connections_in_scope
from kassalink.connections.models import Connection

from .mapping_actions import (
    do_save_cost_center_rules,
    do_save_employee_mappings,
    listed_cost_centers,
    mappable_employees,
)
from .models import CostCenterRule, Department, Employee, EmployeeMapping


class EmployeeMappingSerializer(serializers.Serializer):
    mplus_number = serializers.IntegerField(help_text="MplusKASSA employee number.")
    name = serializers.CharField(read_only=True, help_text="Name in MplusKASSA.")
    email = serializers.CharField(read_only=True)
    employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.none(),
        allow_null=True,
        help_text="Our employee (id), or null for Niet importeren.",
    )
    mapped = serializers.BooleanField(
        read_only=True, help_text="False while no choice was saved (not yet mapped)."
    )


class CostCenterBranchSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True, help_text="MplusKASSA branch number.")
    name = serializers.CharField(read_only=True)


class CostCenterMappingSerializer(serializers.Serializer):
    cost_center = serializers.CharField(help_text="MplusKASSA cost center number.")
    description = serializers.CharField(read_only=True)
    branches = CostCenterBranchSerializer(
        many=True,
        read_only=True,
        help_text="The branches whose clocked times count for this cost center: its turnover "
        "groups book the branch's turnover on it.",
    )
    mode = serializers.ChoiceField(choices=CostCenterRule.Mode.choices)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.none(),
        allow_null=True,
        required=False,
        help_text="Our department (id); required when mode is department.",
    )


class _ConnectionMapping(generics.GenericAPIView):
    pagination_class = None

    def get_queryset(self) -> QuerySet[Connection]:
        return connections_in_scope(self.request)

    def get_serializer(self, *args: object, **kwargs: object) -> serializers.Serializer:
        serializer = super().get_serializer(*args, **kwargs)
        child = getattr(serializer, "child", serializer)
        connection = getattr(self, "connection", None)
        organization_id = connection.organization_id if connection else None
        self.scope_fields(child, organization_id)
        return serializer

    def scope_fields(self, serializer: serializers.Serializer, organization_id: int | None) -> None:
        raise NotImplementedError

    def checked(self, request: Request) -> list[dict]:
        """The PUT body validated as a list, or 400 (field errors per item)."""
        if not isinstance(request.data, list):
            raise ValidationError({"non_field_errors": [_("Verwacht een JSON-lijst.")]})
        serializer = self.get_serializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class EmployeeMappingView(_ConnectionMapping):
    """Tab Medewerkers: MplusKASSA employees → our employees (null = Niet importeren)."""

    serializer_class = EmployeeMappingSerializer

    def scope_fields(self, serializer: serializers.Serializer, organization_id: int | None) -> None:
        serializer.fields["employee"].queryset = Employee.objects.filter(
            organization_id=organization_id, active=True
        )

    def rows(self, connection: Connection) -> list[dict]:
        stored = dict(
            EmployeeMapping.objects.filter(connection=connection).values_list(
                "pos_number", "employee"
            )
        )
        return [
            {
                "mplus_number": pos.number,
                "name": pos.name,
                "email": pos.email,
                "employee": stored.get(pos.number),
                "mapped": pos.number in stored,
            }
            for pos in mappable_employees(connection)
        ]

    @extend_schema(responses=EmployeeMappingSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        return Response(self.rows(self.get_object()))

    @extend_schema(
        request=EmployeeMappingSerializer(many=True),
        responses=EmployeeMappingSerializer(many=True),
    )
    def put(self, request: Request, pk: int) -> Response:
        self.connection = connection = self.get_object()
        items = self.checked(request)
        known = {pos.number for pos in mappable_employees(connection)}
        errors = [
            {
                "mplus_number": [
                    _("Geen MplusKASSA-medewerker met autorisatiegroep van deze koppeling.")
                ]
            }
            if item["mplus_number"] not in known
            else {}
            for item in items
        ]
        if any(errors):
            raise ValidationError(errors)
        do_save_employee_mappings(
            connection, {item["mplus_number"]: item["employee"] for item in items}
        )
        return Response(self.rows(connection))


class CostCenterMappingView(_ConnectionMapping):
    """Tab Kloktijden: per cost center Niet importeren (skip), Automatisch (auto) or a
    department."""

    serializer_class = CostCenterMappingSerializer

    def scope_fields(self, serializer: serializers.Serializer, organization_id: int | None) -> None:
        serializer.fields["department"].queryset = Department.objects.filter(
            organization_id=organization_id
        )

    def rows(self, connection: Connection) -> list[dict]:
        rules = {r.cost_center: r for r in CostCenterRule.objects.filter(connection=connection)}
        rows = []
        for center in listed_cost_centers(connection):
            rule = rules.get(center.number)
            rows.append(
                {
                    "cost_center": center.number,
                    "description": center.description,
                    "branches": [{"number": b.number, "name": b.name} for b in center.branches],
                    "mode": rule.mode if rule else CostCenterRule.Mode.AUTO.value,
                    "department": rule.department_id if rule else None,
                }
            )
        return rows

    @extend_schema(responses=CostCenterMappingSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        return Response(self.rows(self.get_object()))

    @extend_schema(
        request=CostCenterMappingSerializer(many=True),
        responses=CostCenterMappingSerializer(many=True),
    )
    def put(self, request: Request, pk: int) -> Response:
        self.connection = connection = self.get_object()
        items = self.checked(request)
        known = {c.number for c in listed_cost_centers(connection)}
        errors = [self._item_errors(item, known) for item in items]
        if any(errors):
            raise ValidationError(errors)
        do_save_cost_center_rules(
            connection,
            {item["cost_center"]: (item["mode"], item.get("department")) for item in items},
        )
        return Response(self.rows(connection))

    @staticmethod
    def _item_errors(item: dict, known: set[str]) -> dict[str, list[str]]:
        if item["cost_center"] not in known:
            return {"cost_center": [_("Geen kostenplaats van een filiaal van deze koppeling.")]}
        is_department = item["mode"] == CostCenterRule.Mode.DEPARTMENT
        if is_department and item.get("department") is None:
            return {"department": [_("Kies een afdeling bij mode department.")]}
        if not is_department and item.get("department") is not None:
            return {"department": [_("Alleen bij mode department hoort een afdeling.")]}
        return {}
