"""/api/v1/insights/ endpoints."""

from django.urls import path

from kassalink.insights import api

urlpatterns = [
    path("insights/turnover/", api.InsightsTurnover.as_view(), name="api-insights-turnover"),
    path("insights/labour/", api.InsightsLabour.as_view(), name="api-insights-labour"),
    path(
        "insights/omzet/<int:connection_id>/",
        api.InsightsOmzet.as_view(),
        name="api-insights-omzet",
    ),
]
