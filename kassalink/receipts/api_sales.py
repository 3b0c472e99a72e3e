"""/api/v1/sales/: the Verkoop figures of the shop per branch and period."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kassalink.accounts.tenancy import organization_of

from .api import Euros
from .sales_figures import parse_sales_query, sales_figures
from .search import FilterError


class ArticleSerializer(serializers.Serializer):
    article_number = serializers.IntegerField()
    description = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=20, decimal_places=6)
    turnover = Euros(source="turnover_cents", allow_null=True)


class PaymentShareSerializer(serializers.Serializer):
    method = serializers.CharField()
    description = serializers.CharField()
    count = serializers.IntegerField()
    amount = Euros(source="amount_cents")
    share = serializers.DecimalField(max_digits=5, decimal_places=1)


class SalesSerializer(serializers.Serializer):
    start = serializers.DateField(source="query.start")
    end = serializers.DateField(source="query.end")
    branch = serializers.IntegerField(source="query.branch", allow_null=True)
    turnover = Euros(source="turnover_cents")
    sales = Euros(source="sales_cents")
    returned = Euros(source="returned_cents")
    receipts = serializers.IntegerField()
    average_basket = Euros(source="average_basket_cents")
    items_per_basket = serializers.DecimalField(max_digits=12, decimal_places=1)
    credit_receipts = serializers.IntegerField()
    returns_per_100_receipts = serializers.DecimalField(
        source="returns_rate", max_digits=8, decimal_places=1
    )
    digital_receipts = serializers.IntegerField(source="digital")
    digital_share_percent = serializers.DecimalField(
        source="digital_share", max_digits=5, decimal_places=1
    )
    paper_saved_m = serializers.DecimalField(max_digits=14, decimal_places=2)
    top_articles = ArticleSerializer(many=True)
    bottom_articles = ArticleSerializer(many=True)
    heatmap_cents = serializers.ListField(
        source="heatmap",
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text="Turnover in cents per local weekday (Monday first) and hour (0-23).",
    )
    payments = PaymentShareSerializer(many=True)


class SalesView(APIView):
    """Turnover, receipts, average basket, items per basket, top and bottom articles,
    turnover per hour of the week, payment mix, returns, digital share and paper saved."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="First local day, e.g. 2026-11-01."),
            OpenApiParameter("to", str, description="Last local day (inclusive)."),
            OpenApiParameter("branch", int, description="Branch number; all when left out."),
            OpenApiParameter("paper_cm", str, description="Length of a paper receipt in cm."),
        ],
        responses=SalesSerializer,
    )
    def get(self, request: Request) -> Response:
        try:
            query = parse_sales_query(request.query_params, timezone.localdate())
        except FilterError as error:
            raise ValidationError({error.field: [error.message]}) from None
        figures = sales_figures(organization_of(request), query)
        return Response(SalesSerializer(figures).data)
