"""Verkoop (sales insight) under /verkoop/."""

from django.urls import path

from kassalink.receipts import views_sales

urlpatterns = [
    path("", views_sales.sales, name="sales"),
    path("<slug:table>.csv", views_sales.sales_csv, name="sales_csv"),
]
