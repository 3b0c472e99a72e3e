"""/api/v1/ invoice endpoints: settings, buyers, invoices and their files."""

from django.urls import path

from kassalink.invoices import api

urlpatterns = [
    path("invoice-settings/", api.InvoiceSettingsView.as_view(), name="api-invoice-settings"),
    path("buyers/", api.BuyerList.as_view(), name="api-buyers"),
    path("invoices/", api.InvoiceList.as_view(), name="api-invoices"),
    path("invoices/<int:pk>/", api.InvoiceDetail.as_view(), name="api-invoice"),
    path("invoices/<int:pk>/pdf/", api.InvoicePdf.as_view(), name="api-invoice-pdf"),
    path("invoices/<int:pk>/xml/", api.InvoiceXml.as_view(), name="api-invoice-xml"),
    path("invoices/<int:pk>/ubl/", api.InvoiceUbl.as_view(), name="api-invoice-ubl"),
]
