"""Invoice pages under /facturen/."""

from django.urls import path

from kassalink.invoices import views

urlpatterns = [
    path("", views.invoice_list, name="invoices"),
    path("nieuw/", views.invoice_new, name="invoice_new"),
    path("instellingen/", views.invoice_settings, name="invoice_settings"),
    path("<int:pk>/", views.invoice_detail, name="invoice"),
    path("<int:pk>/versturen/", views.invoice_send, name="invoice_send"),
    path("vereenvoudigd/<int:receipt_pk>/", views.simplified_invoice, name="simplified_invoice"),
]
