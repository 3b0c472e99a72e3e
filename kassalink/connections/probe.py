"""Test verbinding: ask the MplusKASSA account for its version and branches, and say in
plain words what went wrong when it fails."""

from dataclasses import dataclass, field, replace

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kassalink.crypto import SecretUnreadable
from kassalink.mplus import Branch, MplusClient
from kassalink.mplus.errors import (
    MplusAnswerTooLarge,
    MplusAuthError,
    MplusError,
    MplusFault,
    MplusIncompleteAnswer,
    MplusProtocolError,
    MplusServerError,
    MplusTimeout,
    MplusUnavailable,
    readable,
)

# A person is waiting for the answer: fail fast rather than retry for minutes.
PROBE_TIMEOUT = 10.0
PROBE_RETRIES = 0
PROBE_CALLS = 2  # getApiVersion, getBranches
SHOWN_NAME = 100  # characters of a branch name or version shown


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    version: str = ""
    branches: tuple[Branch, ...] = field(default_factory=tuple)
    reason: str = ""  # unreachable | credentials | fault | protocol | error
    problem: str = ""  # what went wrong, for a person
    webhooks: str = ""  # whether the account has our webhook subscription, in words
    webhooks_ok: bool | None = None


def probe_deadline() -> float:
    """Seconds each probe call may take: both calls together end well before the web
    worker's timeout (a third of it is left for the page), and never later than a sync
    call would."""
    budget = settings.KASSALINK_WEB_TIMEOUT * 2 / 3 / PROBE_CALLS
    return max(1.0, min(float(settings.KASSALINK_MPLUS_DEADLINE), budget))


def probe_client(connection: object) -> MplusClient:
    """A client for a connection (saved or not) that gives up quickly."""
    deadline = probe_deadline()
    return connection.client(
        timeout=min(PROBE_TIMEOUT, deadline), retries=PROBE_RETRIES, deadline=deadline
    )


def explain_failure(error: Exception, host: str, port: int) -> tuple[str, str]:
    """(reason code, Dutch explanation) for a failed call; never includes a secret."""
    if isinstance(error, MplusTimeout):
        return "unreachable", _(
            "%(host)s op poort %(port)s gaf binnen %(seconds)s seconden geen volledig "
            "antwoord. De MplusKASSA-server is traag of overbelast; probeer het later opnieuw."
        ) % {"host": host, "port": port, "seconds": f"{error.seconds:g}"}
    if isinstance(error, MplusServerError):
        return "unreachable", _(
            "%(host)s op poort %(port)s antwoordde met HTTP %(status)s: de server heeft "
            "een storing. Probeer het later opnieuw."
        ) % {"host": host, "port": port, "status": error.status}
    if isinstance(error, MplusIncompleteAnswer):
        return "unreachable", _(
            "%(host)s op poort %(port)s brak het antwoord halverwege af. Probeer het later opnieuw."
        ) % {"host": host, "port": port}
    if isinstance(error, MplusAnswerTooLarge):
        return "protocol", _(
            "Het antwoord van %(host)s op poort %(port)s is groter dan de grens van "
            "%(limit)s bytes (KASSALINK_MPLUS_MAX_ANSWER_BYTES) en is niet verder gelezen."
        ) % {"host": host, "port": port, "limit": f"{error.limit:,}".replace(",", ".")}
    if isinstance(error, MplusUnavailable):
        return "unreachable", _(
            "Geen verbinding met %(host)s op poort %(port)s. Klopt de poort? "
            "Is de MplusKASSA-server bereikbaar?"
        ) % {"host": host, "port": port}
    if isinstance(error, MplusAuthError):
        return "credentials", _("MplusKASSA weigert de toegang: ident of secret klopt niet.")
    if isinstance(error, MplusFault):
        return "fault", _("MplusKASSA meldt een fout: %(text)s") % {"text": error.text}
    if isinstance(error, MplusProtocolError):
        return "protocol", _(
            "Onverwacht antwoord van %(host)s op poort %(port)s: dit lijkt geen "
            "MplusKASSA-API te zijn (%(detail)s)."
        ) % {"host": host, "port": port, "detail": str(error)}
    if isinstance(error, SecretUnreadable):
        return "error", _(
            "De opgeslagen ident/secret is niet te ontsleutelen: de sleutel "
            "(KASSALINK_ENCRYPTION_KEYS of SECRET_KEY) is veranderd. Vul ze opnieuw in."
        )
    return "error", _("Onbekende fout: %(error)s") % {"error": str(error)}


def probe_connection(connection: object) -> ProbeResult:
    """Call getApiVersion and getBranches; a failure becomes a ProbeResult, not an error."""
    try:
        client = probe_client(connection)
        version = client.get_api_version()
        branches = tuple(client.get_branches())
    except (MplusError, SecretUnreadable) as error:
        reason, problem = explain_failure(error, connection.host, connection.port)
        return ProbeResult(ok=False, reason=reason, problem=problem)
    # Shown on the page (Sectoren) and never stored: a name as long as the till likes is
    # cut to a readable length here.
    shown = tuple(replace(b, name=readable(b.name or "", SHOWN_NAME)) for b in branches)
    check = _webhook_check(connection, client, branches)
    return ProbeResult(
        ok=True,
        version=readable(str(version), SHOWN_NAME),
        branches=shown,
        webhooks=check.message if check else "",
        webhooks_ok=check.ok if check else None,
    )


def _webhook_check(connection: object, client: MplusClient, branches: tuple[Branch, ...]):
    """getWebhookConsumers for a saved connection; a failure here is said, not fatal."""
    from kassalink.connections.webhook_settings import ConsumerCheck, check_consumers

    if not getattr(connection, "pk", None):
        return None
    try:
        return check_consumers(connection, client, branches)
    except MplusError as error:
        _, problem = explain_failure(error, connection.host, connection.port)
        return ConsumerCheck(
            False, _("Webhooks niet te controleren: %(problem)s") % {"problem": problem}
        )


def activation_warning(connection: object) -> str:
    """Why activating now is a gamble, or "" when the last test worked.

    A warning and not a block: an operator may know better (the account is being moved,
    or the test failed for a reason that is already fixed).
    """
    if connection.test_ok:
        return ""
    if connection.tested_at is None:
        return _(
            "Deze verbinding is nog niet getest: de imports kunnen meteen mislukken. "
            "Klik eerst op „Test verbinding”."
        )
    return _(
        "De laatste test (%(when)s) is mislukt: de imports kunnen meteen mislukken. "
        "Test de verbinding opnieuw."
    ) % {"when": date_format(timezone.localtime(connection.tested_at), "SHORT_DATETIME_FORMAT")}
