from django.apps import AppConfig


class ReceiptsConfig(AppConfig):
    name = "kassalink.receipts"
    verbose_name = "Receipts"
