"""The JSON API under /api/v1/: each app adds its own `api_urls` module here."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

# The one <style> element Swagger UI's bundle adds at runtime, allowed by its hash on
# the docs page alone (a new bundle with another one shows in the browser test).
SWAGGER_UI_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from this installation (drf-spectacular-sidecar), its start script in a
    # file of its own rather than inline; ReDoc would fetch its logo from a CDN.
    path(
        "docs/",
        csp_update({"style-src-elem": [SWAGGER_UI_STYLE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("", include("kassalink.connections.api_urls")),
    path("", include("kassalink.sync.api_urls")),
    path("", include("kassalink.workforce.api_urls")),
    path("", include("kassalink.workforce.api_mapping_urls")),
    path("", include("kassalink.insights.api_urls")),
    path("", include("kassalink.receipts.api_urls")),
    path("", include("kassalink.invoices.api_urls")),
    path("", include("kassalink.wallet.api_urls")),
]
