from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "kassalink.sync"
    verbose_name = "Sync"
