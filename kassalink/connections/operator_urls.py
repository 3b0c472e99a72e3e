"""The operator console, under /operator/."""

from django.urls import path

from kassalink.connections import views_operator as views

urlpatterns = [
    path("", views.console, name="operator_console"),
    path("aanvragen/<int:request_id>/", views.link_request_detail, name="operator_request"),
    path(
        "aanvragen/<int:request_id>/afwijzen/",
        views.decline_request,
        name="operator_request_decline",
    ),
    path("sectoren/", views.fetch_branches, name="operator_fetch_branches"),
    path("koppelingen/<int:connection_id>/", views.connection_detail, name="operator_connection"),
    path(
        "koppelingen/<int:connection_id>/bewerken/",
        views.connection_edit,
        name="operator_connection_edit",
    ),
    path(
        "koppelingen/<int:connection_id>/sectoren/",
        views.fetch_branches,
        name="operator_connection_branches",
    ),
    path(
        "koppelingen/<int:connection_id>/test/",
        views.test_connection,
        name="operator_connection_test",
    ),
    path(
        "koppelingen/<int:connection_id>/activeren/",
        views.activate,
        name="operator_connection_activate",
    ),
    path(
        "koppelingen/<int:connection_id>/synchroniseren/",
        views.sync_connection,
        name="operator_connection_sync",
    ),
]
