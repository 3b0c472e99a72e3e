"""JSON API for connections: list, read, change settings, test.

Scope: a token acts for its organization; a signed-in merchant for the organization they
work in; a signed-in operator (staff, session) for every organization. Anything outside
the scope is a 404. Merchants may change the settings behind the gear (`MERCHANT_FIELDS`);
the technical ones (`OPERATOR_FIELDS`) are operator-only, and ident/secret are write-only.
Validation runs through the same forms as the pages, so the rules are the same.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from kassalink.accounts.models import ApiToken
from kassalink.accounts.tenancy import access_organization
from kassalink.connections.actions import do_test_connection, do_update_connection
from kassalink.connections.forms import (
    MERCHANT_FIELDS,
    OPERATOR_FIELDS,
    ConnectionSettingsForm,
    ConnectionSetupForm,
)
from kassalink.connections.history import HistoryFromField
from kassalink.connections.models import Connection
from kassalink.sync.backfill_api import BackfillProgressSerializer
from kassalink.sync.backfill_progress import progress_for


def is_operator(request: Request) -> bool:
    """Operator rights come with a staff user's session, never with a shop's token."""
    return request.user.is_staff and not isinstance(request.auth, ApiToken)


def connections_in_scope(request: Request) -> QuerySet[Connection]:
    connections = Connection.objects.select_related("organization")
    if isinstance(request.auth, ApiToken):
        return connections.filter(organization=request.auth.organization)
    if is_operator(request):
        return connections
    return connections.filter(organization=access_organization(request))


class ConnectionSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    branches = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        help_text="Sectoren: branch numbers to import; empty means every branch.",
    )
    ident = serializers.CharField(write_only=True, help_text="Write-only.")
    secret = serializers.CharField(write_only=True, help_text="Write-only.")
    credentials_stored = serializers.SerializerMethodField(
        help_text="Whether a usable ident and secret are stored (they are never returned)."
    )
    history_from = serializers.DateField(
        allow_null=True,
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": HistoryFromField.default_error_messages["invalid"]},
        help_text="Importeren vanaf: the first financial date of receipts and clock times to "
        "fetch (ISO date, from today back to KASSALINK_HISTORY_MAX_YEARS years); null: only "
        "what a link fetches without history. Changing it on an active link fetches the "
        "history in the background.",
    )
    credentials_unreadable = serializers.SerializerMethodField(
        help_text="The stored ident/secret cannot be decrypted since the installation's key "
        "changed: an operator must enter them again."
    )
    backfill = serializers.SerializerMethodField(
        help_text="Progress of the receipts history (importeren vanaf); null when none."
    )

    class Meta:
        model = Connection
        fields = [
            "id",
            "organization",
            "name",
            "status",
            "status_display",
            "status_reason",
            "host",
            "port",
            "scheme",
            "ident",
            "secret",
            "credentials_stored",
            "credentials_unreadable",
            "branches",
            "import_notification_email",
            "turnover_notification_email",
            "history_from",
            "created",
            "activated_at",
            "backfill",
        ]
        read_only_fields = ["status", "status_reason", "created", "activated_at"]

    def get_credentials_stored(self, connection: Connection) -> bool:
        return bool(connection.ident and connection.secret)

    def get_credentials_unreadable(self, connection: Connection) -> bool:
        return connection.secrets_unreadable

    @extend_schema_field(BackfillProgressSerializer(allow_null=True))
    def get_backfill(self, connection: Connection) -> dict | None:
        progress = progress_for(connection.pk)
        return progress.as_json() if progress is not None else None


class ProbeBranchSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()


class ProbeResultSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    version = serializers.CharField(help_text="API version of the account, when ok.")
    branches = ProbeBranchSerializer(many=True)
    reason = serializers.ChoiceField(
        choices=["", "unreachable", "credentials", "fault", "protocol", "error"],
        help_text="Why the test failed, for machines (empty when ok).",
    )
    problem = serializers.CharField(help_text="Why the test failed, for people.")


def _form_data(connection: Connection, changes: dict[str, object]) -> dict[str, object]:
    """The connection's current values as form data, with the requested changes on top."""
    data: dict[str, object] = {
        "name": connection.name,
        "host": connection.host,
        "port": connection.port,
        "scheme": connection.scheme,
        "branches": [str(b) for b in connection.branches],
        "import_notification_email": connection.import_notification_email,
        "turnover_notification_email": connection.turnover_notification_email,
        "history_from": connection.history_from.isoformat() if connection.history_from else "",
    }
    for name, value in changes.items():
        if name == "branches" and isinstance(value, list):
            value = [str(v) for v in value]
        elif isinstance(value, bool):
            value = str(value)
        elif value is None:
            value = ""
        data[name] = value
    return data


class _FormQueryDict(dict):
    """Just enough of a QueryDict for the branch checkboxes (a list) in a form."""

    def getlist(self, key: str, default: list | None = None) -> list:
        value = self.get(key, default if default is not None else [])
        return value if isinstance(value, list) else [value]


def check_json_types(changes: dict[str, object]) -> None:
    """Each value must have its field's JSON type before the form sees it as text: a name
    given as a list or a boolean is an error, not the text "['a']" or "True"."""
    fields = ConnectionSerializer().fields
    errors: dict[str, list[str]] = {}
    for name, value in changes.items():
        if value is None:
            continue  # "no team", "no e-mail": the form decides whether empty is allowed
        try:
            fields[name].to_internal_value(value)
        except ValidationError as error:
            errors[name] = (
                [str(e) for e in error.detail]
                if isinstance(error.detail, list)
                else [str(error.detail)]
            )
    if errors:
        raise ValidationError(errors)


def validate_changes(request: Request, connection: Connection) -> dict[str, object]:
    """Check a PATCH body field by field; returns the cleaned changes or raises 400."""
    changes = request.data
    if not isinstance(changes, dict):
        raise ValidationError({"non_field_errors": [_("Verwacht een JSON-object.")]})
    allowed = set(MERCHANT_FIELDS) | (set(OPERATOR_FIELDS) if is_operator(request) else set())
    errors: dict[str, list[str]] = {}
    for name in changes:
        if name in OPERATOR_FIELDS and name not in allowed:
            errors[name] = [_("Alleen een beheerder kan dit veld wijzigen.")]
        elif name not in allowed:
            errors[name] = [_("Dit veld bestaat niet of kan niet worden gewijzigd.")]
    if errors:
        raise ValidationError(errors)
    check_json_types(changes)
    data = _FormQueryDict(_form_data(connection, dict(changes)))
    if is_operator(request):
        form = ConnectionSetupForm(data, instance=connection, organization=connection.organization)
    else:
        form = ConnectionSettingsForm(data, instance=connection)
    if not form.is_valid():
        raise ValidationError({name: list(errs) for name, errs in form.errors.items()})
    return {name: form.cleaned_data[name] for name in changes}


class ConnectionList(generics.ListAPIView):
    """The MplusKASSA connections you may see."""

    serializer_class = ConnectionSerializer

    def get_queryset(self) -> QuerySet[Connection]:
        return connections_in_scope(self.request).order_by("pk")


class ConnectionDetail(generics.RetrieveUpdateAPIView):
    """One connection; PATCH changes its settings (merchants: the gear's settings only)."""

    serializer_class = ConnectionSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Connection]:
        return connections_in_scope(self.request)

    def partial_update(self, request: Request, *args: object, **kwargs: object) -> Response:
        connection = self.get_object()
        changes = validate_changes(request, connection)
        if changes:
            do_update_connection(connection, changes)
        return Response(self.get_serializer(connection).data)


class ConnectionTest(generics.GenericAPIView):
    """Test verbinding: ask the account for its API version and branches."""

    serializer_class = ProbeResultSerializer

    def get_queryset(self) -> QuerySet[Connection]:
        return connections_in_scope(self.request)

    @extend_schema(request=None, responses={200: ProbeResultSerializer})
    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        connection = self.get_object()
        result = do_test_connection(connection)
        body = {
            "ok": result.ok,
            "version": result.version,
            "branches": [{"number": b.number, "name": b.name} for b in result.branches],
            "reason": result.reason,
            "problem": result.problem,
        }
        return Response(ProbeResultSerializer(body).data, status=status.HTTP_200_OK)
