"""/api/v1/wallet/: the customer's own API."""

from django.urls import path

from . import api

urlpatterns = [
    path("wallet/code/", api.CodeView.as_view(), name="api_wallet_code"),
    path("wallet/receipts/", api.ReceiptListView.as_view(), name="api_wallet_receipts"),
    path(
        "wallet/receipts/<int:entry_id>/",
        api.ReceiptDetailView.as_view(),
        name="api_wallet_receipt",
    ),
    path(
        "wallet/receipts/<int:entry_id>/pdf/",
        api.ReceiptPdfView.as_view(),
        name="api_wallet_receipt_pdf",
    ),
    path("wallet/export/", api.ExportView.as_view(), name="api_wallet_export"),
]
