"""/api/v1/ workforce endpoints: employees, departments, teams, roster shifts, timesheets."""

from django.urls import path

from kassalink.workforce import api, api_corrections, api_planned, api_timesheets

urlpatterns = [
    path("employees/", api.EmployeeList.as_view(), name="api-employees"),
    path("employees/<int:pk>/", api.EmployeeDetail.as_view(), name="api-employee"),
    path("departments/", api.DepartmentList.as_view(), name="api-departments"),
    path("departments/<int:pk>/", api.DepartmentDetail.as_view(), name="api-department"),
    path("teams/", api.TeamList.as_view(), name="api-teams"),
    path("teams/<int:pk>/", api.TeamDetail.as_view(), name="api-team"),
    path("roster-shifts/", api.RosterShiftList.as_view(), name="api-roster-shifts"),
    path("roster-shifts/<int:pk>/", api.RosterShiftDetail.as_view(), name="api-roster-shift"),
    path("timesheets/", api_timesheets.TimesheetList.as_view(), name="api-timesheets"),
    path(
        "timesheets/approve/",
        api_timesheets.TimesheetApprove.as_view(),
        name="api-timesheets-approve",
    ),
    path(
        "timesheets/planned-vs-worked/",
        api_planned.PlannedVsWorked.as_view(),
        name="api-timesheets-planned-vs-worked",
    ),
    path("timesheets/<int:pk>/", api_timesheets.TimesheetDetail.as_view(), name="api-timesheet"),
    path(
        "timesheets/<int:pk>/correct/",
        api_corrections.TimesheetCorrect.as_view(),
        name="api-timesheet-correct",
    ),
    path(
        "timesheets/<int:pk>/corrections/",
        api_corrections.TimesheetCorrections.as_view(),
        name="api-timesheet-corrections",
    ),
    path(
        "timesheets/<int:pk>/comments/",
        api_corrections.TimesheetComments.as_view(),
        name="api-timesheet-comments",
    ),
]
