"""The JSON API under /api/v1/: each app adds its own `api_urls` module here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("kassalink.connections.api_urls")),
    path("", include("kassalink.sync.api_urls")),
    path("", include("kassalink.workforce.api_urls")),
    path("", include("kassalink.workforce.api_mapping_urls")),
    path("", include("kassalink.wallet.api_urls")),
]
