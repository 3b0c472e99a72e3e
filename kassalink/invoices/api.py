"""JSON API for invoices: the shop's invoice details, buyers, invoices from receipts and
their PDF (Factur-X), CII XML and UBL.

POST /api/v1/invoices/ {"receipts": [ids], "buyer": {...}, "reference": "..."} issues an
invoice (201) or returns the one those receipts already have (200). Every refusal is a
400 naming the field; another shop's invoice, buyer or receipt is never visible.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kassalink.accounts.tenancy import organization_of
from kassalink.receipts.api import Euros
from kassalink.receipts.render import LANGUAGES

from .actions import BuyerDetails, checked_kvk, checked_vat_id, do_issue_invoice
from .cii import cii_xml
from .content import InvoiceError
from .models import Buyer, Invoice, InvoiceSettings
from .numbering import number_format_error
from .render import invoice_pdf
from .ubl import ubl_xml


def _checked(check, value: str, field: str) -> str:
    try:
        return check(value, field)
    except InvoiceError as error:
        raise serializers.ValidationError(error.message) from None


def error_body(error: InvoiceError) -> dict:
    """{"buyer": {"vat_id": [...]}} for "buyer.vat_id", the shape DRF gives nested fields."""
    body: dict = {}
    *parents, name = error.field.split(".")
    inner = body
    for parent in parents:
        inner = inner.setdefault(parent, {})
    inner[name] = [error.message]
    return body


class InvoiceSettingsSerializer(serializers.ModelSerializer):
    has_logo = serializers.SerializerMethodField()

    class Meta:
        model = InvoiceSettings
        fields = [
            "legal_name", "street", "postcode", "city", "country", "kvk", "vat_id", "iban",
            "email", "phone", "payment_terms", "number_format", "has_logo",
        ]  # fmt: skip

    def get_has_logo(self, settings: InvoiceSettings) -> bool:
        return bool(settings.logo)

    def validate_country(self, value: str) -> str:
        if len(value) != 2 or not value.isalpha():
            raise serializers.ValidationError("Use a two-letter country code such as NL.")
        return value.upper()

    def validate_vat_id(self, value: str) -> str:
        return _checked(checked_vat_id, value, "vat_id")

    def validate_kvk(self, value: str) -> str:
        return _checked(checked_kvk, value, "kvk")

    def validate_iban(self, value: str) -> str:
        from stdnum import iban

        if not value:
            return ""
        if not iban.is_valid(value):
            raise serializers.ValidationError("Not a valid IBAN.")
        return iban.compact(value)

    def validate_number_format(self, value: str) -> str:
        problem = number_format_error(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value


class InvoiceSettingsView(generics.RetrieveUpdateAPIView):
    """The shop's details on every invoice and its number format (PUT replaces them)."""

    serializer_class = InvoiceSettingsSerializer
    http_method_names = ["get", "put", "head", "options"]

    def get_object(self) -> InvoiceSettings:
        settings, _ = InvoiceSettings.objects.get_or_create(
            organization=organization_of(self.request)
        )
        return settings


class BuyerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Buyer
        fields = ["id", "name", "street", "postcode", "city", "country", "vat_id", "kvk", "email"]

    def validate_vat_id(self, value: str) -> str:
        return _checked(checked_vat_id, value, "vat_id")

    def validate_kvk(self, value: str) -> str:
        return _checked(checked_kvk, value, "kvk")


class BuyerList(generics.ListCreateAPIView):
    """Known buyers of the shop (they are added when an invoice names a new one)."""

    serializer_class = BuyerSerializer

    def get_queryset(self) -> QuerySet[Buyer]:
        return Buyer.objects.filter(organization=organization_of(self.request))

    def perform_create(self, serializer: BuyerSerializer) -> None:
        serializer.save(organization=organization_of(self.request))


class BuyerInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    country = serializers.CharField(max_length=2, required=False, default="NL")
    vat_id = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    kvk = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class InvoiceRequestSerializer(serializers.Serializer):
    receipts = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=500,
    )
    buyer = BuyerInSerializer()
    reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=LANGUAGES, required=False, default="nl")


class InvoiceSerializer(serializers.ModelSerializer):
    buyer = BuyerSerializer(read_only=True)
    receipts = serializers.SerializerMethodField()
    net = Euros(source="net_cents")
    vat = Euros(source="vat_cents")
    gross = Euros(source="gross_cents")
    credited_invoice = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id", "number", "type_code", "issue_date", "buyer", "reference", "receipts",
            "net", "vat", "gross", "credited_invoice", "language",
        ]  # fmt: skip

    def get_receipts(self, invoice: Invoice) -> list[int]:
        return [receipt["id"] for receipt in invoice.content["receipts"]]


class InvoiceList(generics.ListAPIView):
    """The shop's invoices and credit notes, newest first. POST issues one."""

    serializer_class = InvoiceSerializer

    def get_queryset(self) -> QuerySet[Invoice]:
        return Invoice.objects.filter(organization=organization_of(self.request)).select_related(
            "buyer"
        )

    @extend_schema(
        request=InvoiceRequestSerializer,
        responses={201: InvoiceSerializer, 200: InvoiceSerializer},
    )
    def post(self, request: Request) -> Response:
        body = InvoiceRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            invoice, created = do_issue_invoice(
                organization_of(request),
                data["receipts"],
                BuyerDetails(**data["buyer"]),
                reference=data["reference"],
                language=data["language"],
                user=request.user,
            )
        except InvoiceError as error:
            raise ValidationError(error_body(error)) from None
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(InvoiceSerializer(invoice).data, status=code)


class InvoiceDetail(generics.RetrieveAPIView):
    serializer_class = InvoiceSerializer

    def get_queryset(self) -> QuerySet[Invoice]:
        return Invoice.objects.filter(organization=organization_of(self.request))


class _InvoiceFile(APIView):
    """One rendering of an invoice of the shop, as a download."""

    content_type = "application/octet-stream"
    suffix = ""

    def render(self, invoice: Invoice) -> bytes:
        raise NotImplementedError

    def get(self, request: Request, pk: int) -> HttpResponse:
        invoice = generics.get_object_or_404(
            Invoice.objects.filter(organization=organization_of(request)), pk=pk
        )
        response = HttpResponse(self.render(invoice), content_type=self.content_type)
        name = f"{invoice.number}{self.suffix}".replace('"', "")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _file_schema(media_type: str) -> dict:
    return {(200, media_type): OpenApiResponse(OpenApiTypes.BINARY), 404: None}


@extend_schema(responses=_file_schema("application/pdf"))
class InvoicePdf(_InvoiceFile):
    """PDF/A-3 with the Factur-X (EN 16931) XML embedded."""

    content_type = "application/pdf"
    suffix = ".pdf"

    def render(self, invoice: Invoice) -> bytes:
        return invoice_pdf(invoice)


@extend_schema(responses=_file_schema("application/xml"))
class InvoiceXml(_InvoiceFile):
    """The Factur-X / ZUGFeRD CII XML (EN 16931 profile)."""

    content_type = "application/xml"
    suffix = "-factur-x.xml"

    def render(self, invoice: Invoice) -> bytes:
        return cii_xml(invoice)


@extend_schema(responses=_file_schema("application/xml"))
class InvoiceUbl(_InvoiceFile):
    """UBL 2.1, Peppol BIS Billing 3.0."""

    content_type = "application/xml"
    suffix = "-ubl.xml"

    def render(self, invoice: Invoice) -> bytes:
        return ubl_xml(invoice)
