"""/api/v1/connections/…: the sync app adds …/{id}/sync/ and the runs in its own module."""

from django.urls import path

from kassalink.connections import api

urlpatterns = [
    path("connections/", api.ConnectionList.as_view(), name="api-connections"),
    path("connections/<int:pk>/", api.ConnectionDetail.as_view(), name="api-connection"),
    path("connections/<int:pk>/test/", api.ConnectionTest.as_view(), name="api-connection-test"),
]
