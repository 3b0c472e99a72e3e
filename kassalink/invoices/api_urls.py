"""/api/v1/ invoice endpoints."""

urlpatterns: list = []
