"""What the sync engine remembers: each stream's cursor and health, its run log and its locks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SyncState(models.Model):
    """Where one stream of one connection stands: the cursor saved with the rows it produced.

    `cursor` is JSON whose shape belongs to the stream ({"sync_marker": 1234} or
    {"through": "2025-03-01"}). `alerted` is true between the failure e-mail and the
    recovery e-mail, so each is sent once however many runs fail in between.
    """

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="sync_states"
    )
    stream = models.CharField(max_length=30)
    cursor = models.JSONField(default=dict, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    newest_data_at = models.DateTimeField(null=True, blank=True)
    failures_in_a_row = models.PositiveIntegerField(default=0)
    alerted = models.BooleanField(default=False)
    # The schedule's bookkeeping: when the next run is due, and when one was put on the
    # queue but not yet started (so piling runs are not queued twice).
    next_due_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("synchronisatiestatus")
        verbose_name_plural = _("synchronisatiestatussen")
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "stream"], name="one_sync_state_per_stream"
            )
        ]

    def __str__(self) -> str:
        return f"{self.connection_id}/{self.stream}"


class SyncRun(models.Model):
    """One attempt to run one stream of one connection: the run log."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("schema")
        MANUAL = "manual", _("handmatig")
        CLI = "cli", _("opdrachtregel")
        API = "api", _("API")
        WEBHOOK = "webhook", _("kassa-webhook")

    class Status(models.TextChoices):
        RUNNING = "running", _("bezig")
        SUCCEEDED = "succeeded", _("gelukt")
        FAILED = "failed", _("mislukt")
        SKIPPED_LOCKED = "skipped_locked", _("overgeslagen (loopt al)")

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="sync_runs"
    )
    stream = models.CharField(_("stroom"), max_length=30)
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    started = models.DateTimeField(_("start"))
    finished = models.DateTimeField(_("einde"), null=True, blank=True)
    created = models.PositiveIntegerField(_("nieuw"), default=0)
    updated = models.PositiveIntegerField(_("bijgewerkt"), default=0)
    skipped = models.PositiveIntegerField(_("overgeslagen"), default=0)
    pages = models.PositiveIntegerField(default=0)
    cursor_before = models.JSONField(default=dict, blank=True)
    cursor_after = models.JSONField(default=dict, blank=True)
    # Built from our own words and exception classes only: never an ident, secret or token.
    error = models.TextField(_("fout"), blank=True)
    notes = models.TextField(blank=True)
    hostname = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("synchronisatierun")
        verbose_name_plural = _("synchronisatieruns")
        ordering = ["-started", "-pk"]
        indexes = [
            models.Index(fields=["connection", "stream", "-started"]),
            models.Index(fields=["status", "-started"]),
        ]

    def __str__(self) -> str:
        return f"{self.stream} #{self.pk} {self.status}"

    @property
    def stream_label(self) -> str:
        """The stream's Dutch name, to translate where shown; the code if it is unknown."""
        from kassalink.sync.streams import STREAMS

        stream = STREAMS.get(self.stream)
        return stream.label if stream is not None else self.stream

    @property
    def duration_seconds(self) -> float | None:
        if self.finished is None:
            return None
        return (self.finished - self.started).total_seconds()


class SyncLock(models.Model):
    """A lease on one connection+stream: at most one run holds it at a time.

    See kassalink/sync/locks.py for how it is claimed, renewed and taken over.
    """

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="+"
    )
    stream = models.CharField(max_length=30)
    # Empty when free; otherwise "host:pid:random" of the run holding it (+ "#pg" while
    # it holds the PostgreSQL advisory lock too, see locks.py).
    holder = models.CharField(max_length=200, blank=True, default="")
    run = models.ForeignKey(SyncRun, on_delete=models.SET_NULL, null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "stream"], name="one_sync_lock_per_stream"
            )
        ]

    def __str__(self) -> str:
        return f"lock {self.connection_id}/{self.stream} held by {self.holder or 'nobody'}"


class Backfill(models.Model):
    """A connection's history of receipts being fetched in windows, beside the live tail.

    The windows cover the financial dates [from_date, through_date]; through_date is the
    day the backfill was planned (the cutover). The live `receipts` stream tails from
    `cutover_marker`, the POS's receipt sync marker at that moment, so between them every
    version of every receipt is read: an older one by its window, a newer one by the tail.
    See kassalink/sync/backfill.py.
    """

    connection = models.OneToOneField(
        "connections.Connection", on_delete=models.CASCADE, related_name="backfill"
    )
    from_date = models.DateField(_("vanaf"))
    through_date = models.DateField(_("tot en met"))
    cutover_marker = models.BigIntegerField(null=True, blank=True)
    planned_at = models.DateTimeField()
    # Start of the current spell of work (planning, or windows added later): the rate
    # behind "time left" counts only the windows planned since.
    spell_started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("geschiedenisimport")
        verbose_name_plural = _("geschiedenisimports")

    def __str__(self) -> str:
        return f"backfill {self.connection_id} {self.from_date}..{self.through_date}"


class BackfillWindow(models.Model):
    """A run of financial dates of one backfill: one Celery task, any worker, own cursor.

    `cursor` ({"sync_marker": n}) is saved in the same transaction as each page it
    stored, so a killed worker's successor resumes after the last committed page.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht")
        RUNNING = "running", _("bezig")
        DONE = "done", _("klaar")
        RETRYING = "retrying", _("opnieuw proberen")
        FAILED = "failed", _("mislukt")

    backfill = models.ForeignKey(Backfill, on_delete=models.CASCADE, related_name="windows")
    from_date = models.DateField(_("vanaf"))
    through_date = models.DateField(_("tot en met"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    cursor = models.JSONField(default=dict, blank=True)
    received = models.PositiveIntegerField(_("bonnen"), default=0)
    created = models.PositiveIntegerField(_("nieuw"), default=0)
    pages = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    planned_at = models.DateTimeField()
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    # Built from our own words and exception classes only (runner.describe).
    error = models.TextField(_("fout"), blank=True)
    hostname = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("geschiedenisvenster")
        verbose_name_plural = _("geschiedenisvensters")
        ordering = ["-from_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["backfill", "from_date"], name="one_backfill_window_per_start"
            )
        ]
        indexes = [models.Index(fields=["status", "queued_at"])]

    def __str__(self) -> str:
        return f"window {self.pk} {self.from_date}..{self.through_date} {self.status}"

    @property
    def days(self) -> int:
        return (self.through_date - self.from_date).days + 1

    @property
    def lock_key(self) -> str:
        """The window's lease in SyncLock, beside the connection's streams' leases."""
        return f"backfill:{self.pk}"
