"""Turnover buckets in the Django admin, read-only: each import recomputes them."""

from django.contrib import admin

from kassalink.sync.importing import ImportedRowAdmin

from .models import TeamTarget, TurnoverBucket, TurnoverSettings


@admin.register(TurnoverBucket)
class TurnoverBucketAdmin(ImportedRowAdmin):
    list_display = [
        "start",
        "branch_number",
        "financial_date",
        "amount_incl_cents",
        "amount_excl_cents",
        "receipt_count",
        "team",
        "connection",
    ]
    list_filter = ["organization", "branch_number"]
    date_hierarchy = "start"


@admin.register(TurnoverSettings)
class TurnoverSettingsAdmin(admin.ModelAdmin):
    list_display = ["connection", "enabled", "includes_vat", "team"]
    list_filter = ["organization", "enabled"]


@admin.register(TeamTarget)
class TeamTargetAdmin(admin.ModelAdmin):
    list_display = ["team", "max_labour_percent", "min_sales_per_labour_hour_cents"]
    list_filter = ["organization"]
