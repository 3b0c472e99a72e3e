"""Which connection a webhook subscription id belongs to, and its secret key.

Kept in process memory after the first look-up, so the endpoint can still verify and sign
when the database is slow or down (a sale is never blocked). A new secret key clears the
entry here; other processes see it within `FRESH_SECONDS`.
"""

import threading
import time
from dataclasses import dataclass

from kassalink.connections.models import Connection

FRESH_SECONDS = 60.0


@dataclass(frozen=True)
class Subscription:
    subscription_id: str
    connection_id: int
    organization_id: int
    shop_name: str
    secret_key: str
    blocking: tuple[str, ...]


_cache: dict[str, tuple[float, Subscription | None]] = {}
_lock = threading.Lock()


def _load(subscription_id: str) -> Subscription | None:
    connection = (
        Connection.objects.filter(webhook_subscription_id=subscription_id)
        .select_related("organization")
        .first()
    )
    if connection is None or not connection.webhook_secret_key:
        return None
    return Subscription(
        subscription_id=subscription_id,
        connection_id=connection.pk,
        organization_id=connection.organization_id,
        shop_name=connection.organization.name,
        secret_key=connection.webhook_secret_key,
        blocking=tuple(connection.webhook_blocking_events or ()),
    )


def find_subscription(subscription_id: str) -> Subscription | None:
    """The subscription, fresh from the database when it answers, else the last known."""
    now = time.monotonic()
    with _lock:
        cached = _cache.get(subscription_id)
    if cached is not None and now - cached[0] < FRESH_SECONDS:
        return cached[1]
    try:
        found = _load(subscription_id)
    except Exception:
        if cached is not None:
            return cached[1]  # stale beats nothing while the database is away
        raise
    with _lock:
        if len(_cache) > 10_000:
            _cache.clear()
        _cache[subscription_id] = (now, found)
    return found


def forget_subscription(subscription_id: str) -> None:
    with _lock:
        _cache.pop(subscription_id, None)


def forget_all() -> None:
    with _lock:
        _cache.clear()
