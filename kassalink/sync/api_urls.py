"""Sync routes of the JSON API (included under /api/v1/)."""

from django.urls import path

from kassalink.sync import api

urlpatterns = [
    path("connections/<int:connection_id>/sync/", api.SyncNowView.as_view(), name="api-sync-now"),
    path("connections/<int:connection_id>/runs/", api.RunListView.as_view(), name="api-runs"),
    path("connections/<int:connection_id>/health/", api.HealthView.as_view(), name="api-health"),
]
