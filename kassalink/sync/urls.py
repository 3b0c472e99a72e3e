"""Pages of the sync engine (the operator's run log)."""

from django.urls import path

from kassalink.sync import views

urlpatterns = [
    path("operator/runs/", views.operator_runs, name="operator_runs"),
    path(
        "operator/koppelingen/<int:connection_id>/geschiedenis/opnieuw/",
        views.retry_backfill,
        name="operator_backfill_retry",
    ),
]
