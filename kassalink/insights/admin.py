"""Turnover buckets in the Django admin, read-only: each import recomputes them."""

from django.contrib import admin

from kassalink.sync.importing import ImportedRowAdmin

from .models import TurnoverBucket


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
