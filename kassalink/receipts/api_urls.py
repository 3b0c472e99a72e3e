"""/api/v1/ receipts endpoints."""

from django.urls import path

from kassalink.receipts import api, api_sales

urlpatterns = [
    path("receipts/", api.ReceiptList.as_view(), name="api-receipts"),
    path("receipts/<int:pk>/", api.ReceiptDetail.as_view(), name="api-receipt"),
    path("sales/", api_sales.SalesView.as_view(), name="api-sales"),
]
