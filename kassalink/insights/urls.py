"""The Insights page under /insights/."""

from django.urls import path

from kassalink.insights import views

urlpatterns = [
    path("", views.insights, name="insights"),
    path("export/<slug:table>.csv", views.export_csv, name="insights_csv"),
    path("doelen/<int:team_id>/", views.save_target, name="insights_target"),
]
