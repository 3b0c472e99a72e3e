"""Top-level URLs: each app brings its own urls module."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("kassalink.api_urls")),
    path("", include("kassalink.sync.urls")),
    path("personeel/", include("kassalink.workforce.urls")),
    path("insights/", include("kassalink.insights.urls")),
    path("kassabonnen/", include("kassalink.receipts.urls")),
    path("facturen/", include("kassalink.invoices.urls")),
    path("verkoop/", include("kassalink.receipts.sales_urls")),
    path("", include("kassalink.wallet.urls")),
    path("", include("kassalink.web.urls")),
]
