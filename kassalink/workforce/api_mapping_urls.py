"""/api/v1/connections/{id}/employee-mapping/ and …/cost-center-mapping/ (the mapping tabs)."""

from django.urls import path

from . import api_mapping

urlpatterns = [
    path(
        "connections/<int:pk>/employee-mapping/",
        api_mapping.EmployeeMappingView.as_view(),
        name="api-employee-mapping",
    ),
    path(
        "connections/<int:pk>/cost-center-mapping/",
        api_mapping.CostCenterMappingView.as_view(),
        name="api-cost-center-mapping",
    ),
]
