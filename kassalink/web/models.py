"""Mail kept in the database instead of sent, for the demo's outbox page."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    subject = models.CharField(_("onderwerp"), max_length=300)
    from_email = models.CharField(max_length=300)
    to = models.TextField(help_text="comma separated")
    body = models.TextField()

    class Meta:
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
