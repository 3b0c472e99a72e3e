"""`kassalink check --deploy`: the demo defaults that must not reach production.

Each is a warning (so `--fail-level WARNING` in a deploy script stops on it) naming the
variable to set.
"""

from django.conf import settings
from django.core import checks

DEMO_SITE_URL = "http://127.0.0.1:8000"


@checks.register(checks.Tags.security, deploy=True)
def check_production_services(**kwargs: object) -> list[checks.CheckMessage]:
    warnings = []
    site = settings.SITE_URL.lower()
    if site == DEMO_SITE_URL or "://127." in site or "://localhost" in site:
        warnings.append(
            checks.Warning(
                f"SITE_URL is {settings.SITE_URL!r}: links in e-mails point at a local address.",
                hint="Set SITE_URL to the address people open, e.g. https://kassalink.example.nl.",
                id="kassalink.W002",
            )
        )
    if not settings.EMAIL_HOST:
        warnings.append(
            checks.Warning(
                "EMAIL_HOST is not set: e-mail (passwords, failing links) only lands in the "
                "outbox page and reaches nobody.",
                hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD).",
                id="kassalink.W003",
            )
        )
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        warnings.append(
            checks.Warning(
                "KASSALINK_BROKER_URL is the file broker of the demo: it serves one machine "
                "and loses queued runs with its folder.",
                hint="Set KASSALINK_BROKER_URL to redis://… or amqp://…",
                id="kassalink.W004",
            )
        )
    sqlite_engines = ("django.db.backends.sqlite3", "kassalink.sqlite")
    if settings.DATABASES["default"]["ENGINE"] in sqlite_engines:
        warnings.append(
            checks.Warning(
                "DATABASE_URL is SQLite, the demo's database: one machine, one writer at a time.",
                hint="Set DATABASE_URL to postgres://…",
                id="kassalink.W005",
            )
        )
    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        warnings.append(
            checks.Warning(
                "KASSALINK_CACHE_URL is not set: the sign-in throttles count in a database "
                "table, where two requests at the same instant may both pass.",
                hint="Set KASSALINK_CACHE_URL to redis://…",
                id="kassalink.W006",
            )
        )
    return warnings
