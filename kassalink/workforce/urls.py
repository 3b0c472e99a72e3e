"""Personnel pages under /personeel/: employees, departments and teams, roster, hours."""

from django.urls import path

from kassalink.workforce import (
    views_corrections,
    views_employees,
    views_export,
    views_roster,
    views_timesheets,
)

urlpatterns = [
    path("medewerkers/", views_employees.employee_list, name="workforce_employees"),
    path("medewerkers/nieuw/", views_employees.employee_new, name="workforce_employee_new"),
    path("medewerkers/<int:pk>/", views_employees.employee_edit, name="workforce_employee_edit"),
    path(
        "medewerkers/<int:pk>/actief/",
        views_employees.employee_set_active,
        name="workforce_employee_active",
    ),
    path("afdelingen/", views_employees.department_list, name="workforce_departments"),
    path("afdelingen/nieuw/", views_employees.department_new, name="workforce_department_new"),
    path("afdelingen/<int:pk>/", views_employees.department_edit, name="workforce_department_edit"),
    path("teams/nieuw/", views_employees.team_new, name="workforce_team_new"),
    path("teams/<int:pk>/", views_employees.team_edit, name="workforce_team_edit"),
    path("rooster/", views_roster.roster, name="workforce_roster"),
    path("rooster/diensten/nieuw/", views_roster.shift_new, name="workforce_shift_new"),
    path("rooster/diensten/<int:pk>/", views_roster.shift_edit, name="workforce_shift_edit"),
    path(
        "rooster/diensten/<int:pk>/verwijderen/",
        views_roster.shift_delete,
        name="workforce_shift_delete",
    ),
    path(
        "rooster/kopieer-vorige-week/",
        views_roster.copy_previous_week,
        name="workforce_roster_copy",
    ),
    path("uren/", views_timesheets.timesheet_list, name="workforce_timesheets"),
    path("uren/nieuw/", views_timesheets.entry_new, name="workforce_entry_new"),
    path("uren/goedkeuren/", views_timesheets.approve, name="workforce_approve"),
    path("uren/export.csv", views_export.export_csv, name="workforce_export"),
    path("uren/loonexport/", views_export.export_page, name="workforce_export_page"),
    path("uren/<int:pk>/", views_timesheets.entry_detail, name="workforce_entry"),
    path("uren/<int:pk>/bewerken/", views_timesheets.entry_edit, name="workforce_entry_edit"),
    path(
        "uren/<int:pk>/kassatijden-overnemen/",
        views_timesheets.accept_pos_times,
        name="workforce_entry_accept_pos_times",
    ),
    path(
        "uren/<int:pk>/huidige-tijden-houden/",
        views_timesheets.keep_approved_times,
        name="workforce_entry_keep_times",
    ),
    path(
        "uren/<int:pk>/corrigeren/",
        views_corrections.entry_correct,
        name="workforce_entry_correct",
    ),
    path(
        "uren/<int:pk>/opmerking/",
        views_corrections.entry_comment,
        name="workforce_entry_comment",
    ),
    path("nu/", views_timesheets.now_clocked_in, name="workforce_now"),
]
