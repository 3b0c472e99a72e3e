"""Reading settings from environment variables, failing loudly on a value we cannot use."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_fernet_keys(name: str) -> list[str]:
    """A comma-separated list of Fernet keys (newest first); a malformed one stops the
    program here, at start, rather than at the first secret read or written."""
    from cryptography.fernet import Fernet

    keys = env_list(name, [])
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"{name}: key number {position} is not a Fernet key (44 characters of url-safe "
                "base64); make one with `kassalink generate-key`"
            ) from None
    return keys


_RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def env_rates(name: str, default: str) -> list[tuple[int, int]]:
    """Rates like "1/m,5/h" or "20/10m" as (count, seconds) pairs; a malformed one stops
    the program at start, naming the variable."""
    import re

    raw = os.environ.get(name, default)
    rates = []
    for item in (part.strip() for part in raw.split(",")):
        match = re.fullmatch(r"(\d+)/(\d*)([smhd])", item)
        if not match or int(match[1]) < 1 or match[2] == "0":
            raise ImproperlyConfigured(
                f"{name} must be rates like 1/m,5/h (a count per s, m, h or d), not {raw!r}"
            )
        rates.append((int(match[1]), int(match[2] or 1) * _RATE_UNITS[match[3]]))
    return rates
