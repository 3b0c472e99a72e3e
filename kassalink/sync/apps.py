from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "kassalink.sync"
    verbose_name = "Sync"

    def ready(self) -> None:
        # Bind shared tasks to our Celery app in every process (web too, so "sync now"
        # reaches the configured broker) and give beat the sync tick.
        from kassalink.celery import app
        from kassalink.sync.schedule import beat_schedule

        app.conf.beat_schedule = {**(app.conf.beat_schedule or {}), **beat_schedule()}
