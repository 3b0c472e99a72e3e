"""Workforce rows in the Django admin; the MplusKASSA mirrors are read-only."""

from django.contrib import admin

from kassalink.sync.importing import ImportedRowAdmin

from .models import PosEmployee, PosShift


@admin.register(PosEmployee)
class PosEmployeeAdmin(ImportedRowAdmin):
    list_display = ["number", "name", "active", "has_authorization_group", "connection"]
    list_filter = ["has_authorization_group", "active", "organization"]
    search_fields = ["name", "email"]


@admin.register(PosShift)
class PosShiftAdmin(ImportedRowAdmin):
    list_display = [
        "shift_number",
        "employee_number",
        "branch_number",
        "financial_date",
        "start",
        "end",
        "ended",
        "manually_modified",
    ]
    list_filter = ["ended", "manually_modified", "organization"]
    date_hierarchy = "start"
