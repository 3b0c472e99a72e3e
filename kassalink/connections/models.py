"""A shop's request for the MplusKASSA link, and the connection an operator sets up from it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kassalink.accounts.models import OrganizationOwned
from kassalink.crypto import EncryptedTextField, SecretUnreadable, is_unreadable


class LinkRequest(OrganizationOwned):
    """What a merchant filled in after pressing Aanvragen in the App center."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("aangevraagd")
        CONNECTED = "connected", _("gekoppeld")
        DECLINED = "declined", _("afgewezen")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=200)
    email = models.EmailField(_("e-mailadres"))
    phone = models.CharField(_("telefoonnummer"), max_length=40)
    company = models.CharField(_("bedrijfsnaam"), max_length=200)
    mplus_account = models.CharField(_("MplusKASSA-accountgegevens"), max_length=200, blank=True)
    message = models.TextField(_("bericht"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    created = models.DateTimeField(auto_now_add=True)
    # Set when an operator declines; the reason is what the shop was told by e-mail.
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("koppelingsaanvraag")
        verbose_name_plural = _("koppelingsaanvragen")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.company} ({self.get_status_display()})"


class Connection(OrganizationOwned):
    """One MplusKASSA account linked to one organization: the seed's settings screen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("in voorbereiding")
        ACTIVE = "active", _("actief")
        NEEDS_ATTENTION = "needs_attention", _("actie nodig")
        PAUSED = "paused", _("gepauzeerd")

    name = models.CharField(_("Koppelnaam"), max_length=120)
    host = models.CharField(_("host"), max_length=255, default="api.mpluskassa.nl")
    port = models.PositiveIntegerField(_("Poort"))
    scheme = models.CharField(
        max_length=5, choices=[("https", "https"), ("http", "http")], default="https"
    )
    ident = EncryptedTextField(_("ident"))
    secret = EncryptedTextField(_("secret"))
    # Sectoren: MplusKASSA branch numbers to import; empty means every branch.
    branches = models.JSONField(_("Sectoren"), default=list, blank=True)
    # The Omzet settings (on/off, incl./excl., team) live in insights.TurnoverSettings:
    # this app knows nothing of workforce; the address to tell of turnover is a contact.
    import_notification_email = models.EmailField(_("e-mailadres voor importberichtgeving"))
    turnover_notification_email = models.EmailField(
        _("e-mailadres voor omzetberichtgeving"), blank=True
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_reason = models.CharField(max_length=300, blank=True)
    link_request = models.OneToOneField(
        LinkRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="connection"
    )
    created = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    # The last "Test verbinding" since the address or credentials last changed: when, and
    # whether it worked (None: not tested). Activating without a good test only warns.
    tested_at = models.DateTimeField(null=True, blank=True)
    test_ok = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("MplusKASSA-koppeling")
        verbose_name_plural = _("MplusKASSA-koppelingen")
        ordering = ["organization__name", "name"]

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        # Never the ident or secret.
        return f"<Connection {self.pk} {self.name!r} {self.host}:{self.port}>"

    @property
    def secrets_unreadable(self) -> bool:
        """The stored ident or secret was encrypted with a key no longer configured: the
        operator must enter them again ("vul ze opnieuw in")."""
        return is_unreadable(self.ident) or is_unreadable(self.secret)

    def client(self, **options: object):  # -> MplusClient
        from django.conf import settings

        from kassalink.mplus import MplusClient

        if self.secrets_unreadable:
            raise SecretUnreadable(
                "the stored ident/secret cannot be decrypted: KASSALINK_ENCRYPTION_KEYS or "
                "SECRET_KEY changed; enter them again"
            )
        options.setdefault("deadline", settings.KASSALINK_MPLUS_DEADLINE)
        options.setdefault("max_answer_bytes", settings.KASSALINK_MPLUS_MAX_ANSWER_BYTES)
        return MplusClient(
            host=self.host,
            port=self.port,
            ident=self.ident,
            secret=self.secret,
            scheme=self.scheme,
            **options,
        )
