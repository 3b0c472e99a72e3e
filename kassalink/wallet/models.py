"""Customers and their wallets, the POS webhook sessions that bring receipts in, claim and
share links, and the webhook log.

A customer is a Django user with a `Customer` row (no organization membership): the wallet
never touches merchant data except through `WalletEntry` (a receipt in a customer's
wallet). Link tokens (claim, share, personal API tokens) are stored hashed.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kassalink.crypto import EncryptedTextField
from kassalink.invoices.models import CompanyDetails


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Customer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer"
    )
    public_id = models.CharField(max_length=16, unique=True)
    code_secret = EncryptedTextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("klant")
        verbose_name_plural = _("klanten")

    def __str__(self) -> str:
        return self.user.email

    def __repr__(self) -> str:
        return f"<Customer {self.pk}>"


class TypedCode(models.Model):
    """A 6-character code shown for a cracked screen: lives briefly, one sale only."""

    code = models.CharField(max_length=8, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="typed_codes")
    expires_at = models.DateTimeField()
    used_in_session = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"typed code of customer {self.customer_id}"


class UsedCode(models.Model):
    """A rotating code's time step used in a till session: the same step in another session
    is a replay (a screenshot passed on)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    step = models.BigIntegerField()
    session_key = models.CharField(max_length=300)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["customer", "step"], name="unique_code_step")
        ]

    def __str__(self) -> str:
        return f"code step {self.step}"


class CustomerToken(models.Model):
    """A personal API token for the wallet API (`klw_...`), stored hashed."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created = models.DateTimeField(auto_now_add=True)
    revoked = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}…"


class PosSession(models.Model):
    """One till session told to us by POS webhooks: who was scanned, when it was paid, and
    which receipt it became (`match_rule` says how that receipt was found)."""

    class MatchRule(models.TextChoices):
        SESSION_ID = "session_id", _("webhook-sessie-id van de order")
        WORKPLACE_TIME_TOTAL = "workplace_time_total", _("werkplek, tijd en totaal")

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="pos_sessions"
    )
    session_id = models.CharField(max_length=200)
    branch_number = models.IntegerField()
    workplace_number = models.IntegerField()
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    is_credit = models.BooleanField(default=False)
    total_incl_cents = models.BigIntegerField(null=True, blank=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    relation_email = models.EmailField(blank=True)
    # Claim links: the one printed under the receipt and the one in the e-mail (hashed).
    claim_hash = models.CharField(max_length=64, blank=True, db_index=True)
    email_claim_hash = models.CharField(max_length=64, blank=True, db_index=True)
    receipt = models.OneToOneField(
        "receipts.Receipt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pos_session",
    )
    match_rule = models.CharField(max_length=30, choices=MatchRule.choices, blank=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    emailed_to = models.EmailField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["connection", "session_id"], name="unique_pos_session")
        ]
        indexes = [models.Index(fields=["connection", "receipt", "completed_at"])]

    def __str__(self) -> str:
        return f"POS session {self.session_id}"


class WalletEntry(models.Model):
    """A receipt in a customer's wallet, and how it got there."""

    class Source(models.TextChoices):
        SCANNED = "scanned", _("gescand")
        CLAIMED = "claimed", _("geclaimd")
        EMAILED = "emailed", _("gemaild")
        CREDIT = "credit", _("retour")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="entries")
    receipt = models.ForeignKey(
        "receipts.Receipt", on_delete=models.CASCADE, related_name="wallet_entries"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    added_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bon in portemonnee")
        verbose_name_plural = _("bonnen in portemonnee")
        constraints = [models.UniqueConstraint(fields=["receipt"], name="one_wallet_per_receipt")]
        indexes = [models.Index(fields=["customer", "added_at"])]

    def __str__(self) -> str:
        return f"receipt {self.receipt_id} in wallet {self.customer_id}"


class ShareLink(models.Model):
    entry = models.ForeignKey(WalletEntry, on_delete=models.CASCADE, related_name="shares")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"share link until {self.expires_at:%Y-%m-%d}"


class WebhookCall(models.Model):
    """The webhook log of a connection: each call, its answer and timing. The replay key
    identifies the event (see kassalink.mplus.webhooks); a replay gets the stored answer."""

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="webhook_calls"
    )
    event = models.CharField(max_length=40)
    session_id = models.CharField(max_length=200, blank=True)
    replay_key = models.CharField(max_length=400, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.PositiveSmallIntegerField()
    error_code = models.CharField(max_length=40, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    answer = models.TextField(blank=True)
    elapsed_ms = models.FloatField(default=0)

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["connection", "received_at"]),
            models.Index(fields=["connection", "replay_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.status}"


class CustomerCompany(CompanyDetails):
    """The company a customer has receipts invoiced to, entered once in the wallet; the
    VAT id and KvK number are checked as the invoices app checks them."""

    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="company")
    email = models.EmailField(_("e-mail voor facturen"), blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bedrijfsgegevens van een klant")
        verbose_name_plural = _("bedrijfsgegevens van klanten")

    def __str__(self) -> str:
        return self.name


class Passkey(models.Model):
    """A WebAuthn credential a customer registered (py_webauthn verified it): the public
    key only; the private key never leaves the customer's device."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="passkeys")
    credential_id = models.CharField(max_length=1400, unique=True)  # base64url, as sent
    public_key = models.BinaryField()  # COSE key
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)
    name = models.CharField(_("naam"), max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")
        ordering = ["created"]

    def __str__(self) -> str:
        return self.name or f"passkey {self.pk}"
