"""The wallet's JSON API under /api/v1/wallet/: the customer's current code, receipts with
the wallet's filters, one receipt, its PDF, and an export. For customers only (session or
personal token); a shop's token is refused."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kassalink.receipts.render import receipt_pdf
from kassalink.web.ids import is_whole, parse_ids

from .access import MAX_ID, entries_of
from .api_auth import CustomerTokenAuthentication, IsCustomer
from .customers import do_show_code
from .export import receipt_json, receipts_csv, receipts_zip
from .search import SearchError, apply_search, parse_search
from .views_wallet import DELIVERY_WORDS, delivery, delivery_state


class WalletView(APIView):
    authentication_classes = [CustomerTokenAuthentication, SessionAuthentication]
    permission_classes = [IsCustomer]

    def entries(self, request: Request):
        return entries_of(request.customer)

    def entry(self, request: Request, entry_id: int):
        found = self.entries(request).filter(pk=entry_id).first() if entry_id <= MAX_ID else None
        if found is None:
            raise NotFound()
        return found


class WalletCodeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="QR content: KL1 + public id + time-based token")
    typed_code = serializers.CharField(help_text="6-character fallback the cashier types")
    expires_at = serializers.DateTimeField()


class CodeView(WalletView):
    @extend_schema(responses=WalletCodeSerializer, summary="The customer's current code")
    def get(self, request: Request) -> Response:
        shown = do_show_code(request.customer)
        return Response(
            WalletCodeSerializer(
                {"code": shown.qr, "typed_code": shown.typed, "expires_at": shown.expires_at}
            ).data
        )


class WalletLineSerializer(serializers.Serializer):
    article_number = serializers.IntegerField()
    description = serializers.CharField()
    quantity = serializers.CharField()
    unit_price = serializers.CharField()
    discount = serializers.CharField()
    vat_percentage = serializers.CharField(allow_null=True)
    total_incl = serializers.CharField()


class WalletVatSerializer(serializers.Serializer):
    percentage = serializers.CharField()
    excl = serializers.CharField()
    vat = serializers.CharField()
    incl = serializers.CharField()


class WalletPaymentSerializer(serializers.Serializer):
    method = serializers.CharField()
    amount = serializers.CharField()


class WalletReceiptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    shop = serializers.CharField()
    receipt_number = serializers.CharField()
    transaction_id = serializers.CharField()
    type = serializers.CharField()
    entry_at = serializers.DateTimeField(allow_null=True)
    branch = serializers.IntegerField()
    workplace = serializers.IntegerField()
    total_incl = serializers.CharField(help_text="euros, e.g. '12.50'")
    total_excl = serializers.CharField()
    credit_of = serializers.CharField(allow_null=True)
    source = serializers.CharField()
    delivery = serializers.ChoiceField(
        choices=list(DELIVERY_WORDS), help_text="how the receipt reached the wallet, as a code"
    )
    delivery_state = serializers.CharField(help_text="the same in the reader's language")
    lines = WalletLineSerializer(many=True)
    vat = WalletVatSerializer(many=True)
    payments = WalletPaymentSerializer(many=True)


class WalletReceiptPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = WalletReceiptSerializer(many=True)


def _receipt(entry) -> dict:
    return {
        **receipt_json(entry.receipt),
        "id": entry.pk,
        "source": entry.source,
        "delivery": delivery(entry),
        "delivery_state": delivery_state(entry),
    }


SEARCH_PARAMETERS = [
    OpenApiParameter("shop", str, description="part of the shop's name"),
    OpenApiParameter("article", str, description="part of an article's description"),
    OpenApiParameter("amount", str, description="total in euros, e.g. 12.50"),
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
    OpenApiParameter("limit", int),
    OpenApiParameter("offset", int),
]


def _search(request: Request, entries):
    try:
        return apply_search(entries, parse_search(request.query_params.dict()))
    except SearchError as error:
        raise ValidationError({error.field: [error.message]}) from None


def _int_param(request: Request, name: str, default: int, maximum: int) -> int:
    raw = request.query_params.get(name, str(default))
    if not is_whole(raw) or len(raw) > 9 or int(raw) > maximum:
        raise ValidationError({name: [f"a whole number 0-{maximum}"]})
    return int(raw)


class ReceiptListView(WalletView):
    @extend_schema(
        parameters=SEARCH_PARAMETERS,
        responses=WalletReceiptPageSerializer,
        operation_id="wallet_receipts_list",
        summary="Receipts in the wallet, newest first",
    )
    def get(self, request: Request) -> Response:
        entries = _search(request, self.entries(request))
        limit = _int_param(request, "limit", 50, 500)
        offset = _int_param(request, "offset", 0, 10**9)
        page = entries[offset : offset + limit]
        return Response({"count": entries.count(), "results": [_receipt(e) for e in page]})


class ReceiptDetailView(WalletView):
    @extend_schema(responses=WalletReceiptSerializer, summary="One receipt")
    def get(self, request: Request, entry_id: int) -> Response:
        return Response(_receipt(self.entry(request, entry_id)))


class ReceiptPdfView(WalletView):
    @extend_schema(
        parameters=[OpenApiParameter("language", str, enum=["nl", "en"])],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
        summary="The receipt as PDF",
    )
    def get(self, request: Request, entry_id: int) -> HttpResponse:
        entry = self.entry(request, entry_id)
        language = request.query_params.get("language", "nl")
        if language not in ("nl", "en"):
            raise ValidationError({"language": ["nl or en"]})
        response = HttpResponse(
            receipt_pdf(entry.receipt, language), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="kassabon-{entry.pk}.pdf"'
        return response


class ExportView(WalletView):
    @extend_schema(
        parameters=[
            # Not `format`: DRF reads that one for content negotiation.
            OpenApiParameter("type", str, enum=["csv", "zip", "json"]),
            OpenApiParameter("ids", str, description="comma separated receipt ids; all if absent"),
            *SEARCH_PARAMETERS[:5],
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/json"): WalletReceiptSerializer(many=True),
        },
        summary="Export receipts (CSV, ZIP of PDFs, or JSON)",
    )
    def get(self, request: Request) -> HttpResponse:
        kind = request.query_params.get("type", "csv")
        if kind not in ("csv", "zip", "json"):
            raise ValidationError({"type": ["csv, zip or json"]})
        entries = _search(request, self.entries(request))
        raw_ids = request.query_params.get("ids", "").strip()
        if raw_ids:
            parts = raw_ids.split(",")
            ids = parse_ids(parts)
            if len(ids) != len(parts):
                raise ValidationError({"ids": ["comma separated whole numbers"]})
            entries = entries.filter(pk__in=ids)
        entries = entries[:500]
        if kind == "json":
            return Response([_receipt(e) for e in entries])
        if kind == "csv":
            response = HttpResponse(receipts_csv(entries), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="kassabonnen.csv"'
            return response
        response = HttpResponse(receipts_zip(entries), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="kassabonnen.zip"'
        return response
