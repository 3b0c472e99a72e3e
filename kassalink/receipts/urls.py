"""Receipts dashboard under /kassabonnen/."""

from django.urls import path

from kassalink.receipts import views

urlpatterns = [
    path("", views.receipt_list, name="receipts"),
    path("<int:pk>/", views.receipt_detail, name="receipt"),
    path("<int:pk>/pdf/", views.receipt_download, name="receipt_pdf"),
]
