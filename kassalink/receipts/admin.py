"""Receipts in the Django admin, read-only: they are the POS's, changed only by a sync."""

from django.contrib import admin

from kassalink.sync.importing import ImportedRowAdmin

from .models import Receipt, ReceiptLine, ReceiptPayment, ReceiptVatGroup


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class LineInline(_ReadOnlyInline):
    model = ReceiptLine


class PaymentInline(_ReadOnlyInline):
    model = ReceiptPayment


class VatGroupInline(_ReadOnlyInline):
    model = ReceiptVatGroup


@admin.register(Receipt)
class ReceiptAdmin(ImportedRowAdmin):
    list_display = [
        "display_number",
        "receipt_type",
        "entry_at",
        "branch_number",
        "total_incl_cents",
        "organization",
        "connection",
    ]
    list_filter = ["receipt_type", "state", "organization"]
    search_fields = ["mplus_id", "transaction_string", "employee_name"]
    date_hierarchy = "entry_at"
    raw_id_fields = ["credited_receipt"]
    inlines = [LineInline, PaymentInline, VatGroupInline]
