"""App center pages, under /instellingen/."""

from django.urls import path
from django.views.generic import RedirectView

from kassalink.connections import views_appcenter as views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="app_center"), name="settings"),
    path("app-center/", views.app_center, name="app_center"),
    path("app-center/mpluskassa/", views.mplus, name="app_center_mplus"),
    path("app-center/mpluskassa/aanvragen/", views.request_link, name="app_center_request"),
    path(
        "app-center/mpluskassa/<int:connection_id>/instellingen/",
        views.connection_settings,
        name="app_center_settings",
    ),
    path(
        "app-center/mpluskassa/<int:connection_id>/synchroniseren/",
        views.sync_connection,
        name="app_center_sync",
    ),
    path(
        "app-center/mpluskassa/<int:connection_id>/koppelen/",
        views.connection_mapping,
        name="app_center_mapping",
    ),
    path(
        "app-center/mpluskassa/<int:connection_id>/koppelen/<slug:tab>/",
        views.connection_mapping,
        name="app_center_mapping_tab",
    ),
]
