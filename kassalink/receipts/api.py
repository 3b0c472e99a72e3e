"""JSON API for the shop's receipts: /api/v1/receipts/ (filters, keyset pages) and one
receipt with its lines, what is still returnable, payments, VAT groups and returns.

Amounts are decimal strings in euros; inside they are cents. A bad filter is a 400 that
names the parameter; another shop's receipt is a 404.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kassalink.accounts.tenancy import organization_of
from kassalink.web.ids import is_whole

from .models import Receipt
from .returns import line_returns
from .search import (
    PAGE_SIZE,
    FilterError,
    filtered_receipts,
    keyset_page,
    parse_filters,
)


class Euros(serializers.DecimalField):
    """Integer cents inside, a decimal string in euros outside."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_digits=20, decimal_places=2, read_only=True, **kwargs)

    def to_representation(self, value: int | None) -> str | None:
        if value is None:
            return None
        return super().to_representation(Decimal(value).scaleb(-2))


class ReceiptSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="display_number", read_only=True)
    transaction = serializers.CharField(source="transaction_string", read_only=True)
    type = serializers.CharField(source="receipt_type", read_only=True)
    state = serializers.CharField(read_only=True)
    branch = serializers.IntegerField(source="branch_number", read_only=True)
    workplace = serializers.IntegerField(source="workplace_number", read_only=True)
    customer = serializers.IntegerField(source="relation_number", read_only=True)
    total_incl = Euros(source="total_incl_cents")
    total_excl = Euros(source="total_excl_cents")
    digital = serializers.SerializerMethodField()

    class Meta:
        model = Receipt
        fields = [
            "id", "number", "transaction", "barcode", "type", "state", "entry_at",
            "financial_date", "branch", "workplace", "employee_number", "employee_name",
            "customer", "total_incl", "total_excl", "digital", "credited_receipt",
        ]  # fmt: skip

    def get_digital(self, receipt: Receipt) -> bool:
        return receipt.digital_since is not None


class LineSerializer(serializers.Serializer):
    position = serializers.IntegerField(source="line.position")
    article_number = serializers.IntegerField(source="line.article_number")
    description = serializers.CharField(source="line.description")
    quantity = serializers.DecimalField(max_digits=20, decimal_places=6, source="line.quantity")
    unit_price = Euros(source="line.unit_price_cents", allow_null=True)
    total_incl = Euros(source="line.total_incl_cents", allow_null=True)
    total_excl = Euros(source="line.total_excl_cents", allow_null=True)
    vat_percentage = serializers.DecimalField(
        max_digits=7, decimal_places=2, source="line.vat_percentage", allow_null=True
    )
    returned = serializers.DecimalField(max_digits=20, decimal_places=6)
    returnable = serializers.DecimalField(max_digits=20, decimal_places=6)


class PaymentSerializer(serializers.Serializer):
    method = serializers.CharField()
    description = serializers.CharField()
    amount = Euros(source="amount_cents")


class VatGroupSerializer(serializers.Serializer):
    percentage = serializers.DecimalField(max_digits=7, decimal_places=2)
    amount_excl = Euros(source="amount_excl_cents", allow_null=True)
    amount_vat = Euros(source="amount_vat_cents", allow_null=True)
    amount_incl = Euros(source="amount_incl_cents", allow_null=True)


class ReceiptDetailSerializer(ReceiptSerializer):
    lines = serializers.SerializerMethodField()
    payments = PaymentSerializer(many=True, read_only=True)
    vat_groups = VatGroupSerializer(many=True, read_only=True)
    credits = ReceiptSerializer(many=True, read_only=True)

    invoice = serializers.SerializerMethodField()

    class Meta(ReceiptSerializer.Meta):
        fields = [
            *ReceiptSerializer.Meta.fields, "lines", "payments", "vat_groups", "credits", "invoice",
        ]  # fmt: skip

    def get_invoice(self, receipt: Receipt) -> int | None:
        """The id of the invoice (or credit note) this receipt is on, if any."""
        link = getattr(receipt, "invoice_link", None)
        return link.invoice_id if link else None

    @extend_schema_field(LineSerializer(many=True))
    def get_lines(self, receipt: Receipt) -> list[dict]:
        return LineSerializer(line_returns(receipt), many=True).data


class ReceiptPageSerializer(serializers.Serializer):
    results = ReceiptSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True)
    next = serializers.CharField(allow_null=True)


def _param(name: str, kind: type, text: str) -> OpenApiParameter:
    return OpenApiParameter(name, kind, description=text)


RECEIPT_FILTERS = [
    _param("q", str, "Search box: a scanned barcode, a transaction ID or a receipt number."),
    _param("barcode", str, "The receipt's barcode exactly as scanned."),
    _param("transaction", str, "The till's transaction ID."),
    _param("number", str, "Receipt number as printed (1-2-2026-41) or its number (41)."),
    _param("branch", int, "Branch (filiaal) number."),
    _param("workplace", int, "Workplace (werkplek) number."),
    _param("employee", int, "Employee number at the till."),
    _param("customer", int, "The till's relation (customer) number."),
    _param("article", int, "Article number: receipts with a line of this article."),
    _param("payment_method", str, "Payment method code, e.g. PIN."),
    _param("digital", bool, "true: receipts that reached a wallet; false: paper."),
    _param("type", str, "receipt, credit, cash_in, cash_out or payment_method_transfer."),
    _param("from", str, "From this local date (2026-12-01) or date and time (2026-12-01T16:00)."),
    _param("to", str, "Up to this local date (inclusive) or date and time (exclusive)."),
    _param("amount_min", str, "Total incl. VAT at least, in euros (12.50)."),
    _param("amount_max", str, "Total incl. VAT at most, in euros."),
    _param("cursor", str, "next_cursor of the page before; empty for the newest receipts."),
    _param("limit", int, f"Receipts per page (1-500, default {PAGE_SIZE})."),
]


class ReceiptList(APIView):
    """The shop's receipts, newest first, in keyset pages (follow `next`)."""

    @extend_schema(
        operation_id="receipts_list", parameters=RECEIPT_FILTERS, responses=ReceiptPageSerializer
    )
    def get(self, request: Request) -> Response:
        organization = organization_of(request)
        try:
            filters = parse_filters(request.query_params)
            limit = request.query_params.get("limit") or str(PAGE_SIZE)
            if not is_whole(limit):
                raise FilterError("limit", "A whole number is expected.")
            receipts = filtered_receipts(organization, filters)
            page = keyset_page(receipts, request.query_params.get("cursor", ""), int(limit))
        except FilterError as error:
            raise ValidationError({error.field: [error.message]}) from None
        next_url = None
        if page.next_cursor:
            query = request.query_params.copy()
            query["cursor"] = page.next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        data = {
            "results": ReceiptSerializer(page.receipts, many=True).data,
            "next_cursor": page.next_cursor,
            "next": next_url,
        }
        return Response(data)


class ReceiptDetail(generics.RetrieveAPIView):
    """One receipt with its lines (returned and still returnable), payments, VAT groups and
    the credit receipts that returned part of it."""

    serializer_class = ReceiptDetailSerializer

    def get_queryset(self) -> QuerySet[Receipt]:
        return Receipt.objects.filter(organization=organization_of(self.request)).prefetch_related(
            "payments", "vat_groups", "credits"
        )
