from django.apps import AppConfig


class InvoicesConfig(AppConfig):
    name = "kassalink.invoices"
    verbose_name = "Invoices"

    def ready(self) -> None:
        from . import credit_notes  # noqa: F401  (connects the receipts_stored receiver)
