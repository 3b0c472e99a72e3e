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

        from kassalink.connections.signals import history_wanted
        from kassalink.sync.backfill import on_history_wanted

        history_wanted.connect(on_history_wanted, dispatch_uid="kassalink.sync.backfill")
