from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "kassalink.sync"
    verbose_name = "Sync"

    def ready(self) -> None:
        # Bind shared tasks to our Celery app in every process (web too, so "sync now"
        # reaches the configured broker) and give beat the sync tick.
        from kassalink.celery import app
        from kassalink.connections.signals import history_wanted
        from kassalink.sync.clock_times_history import clock_times_due_now
        from kassalink.sync.schedule import beat_schedule

        app.conf.beat_schedule = {**(app.conf.beat_schedule or {}), **beat_schedule()}
        # Earlier clock times are read by the next clock-times run: make it the next tick's.
        history_wanted.connect(clock_times_due_now, dispatch_uid="sync.clock_times_due_now")
        # Earlier receipts come from the backfill's windows (kassalink/sync/backfill.py).
        from kassalink.sync.backfill import on_history_wanted

        history_wanted.connect(on_history_wanted, dispatch_uid="kassalink.sync.backfill")
