"""`kassalink check --deploy` is clean with production settings, and flags demo defaults."""

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-0123456789",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "ALLOWED_HOSTS": "kassalink.example.nl",
    "SITE_URL": "https://kassalink.example.nl",
    "EMAIL_HOST": "smtp.example.nl",
    "KASSALINK_BROKER_URL": "redis://redis.internal:6379/0",
    "KASSALINK_CACHE_URL": "redis://redis.internal:6379/1",
    "DATABASE_URL": "postgres://kassalink@db.internal/kassalink",
}


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    # The browser fixture allows async-unsafe ORM calls in this process; a deployment does not.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "-m", "kassalink", "check", "--deploy", "--fail-level", "WARNING"],
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    keys = {"KASSALINK_ENCRYPTION_KEYS": Fernet.generate_key().decode()}
    result = check_deploy({**PRODUCTION, **keys})
    assert result.returncode == 0, result.stderr


def test_missing_encryption_keys_are_flagged():
    result = check_deploy({**PRODUCTION, "KASSALINK_ENCRYPTION_KEYS": ""})
    assert result.returncode != 0
    assert "KASSALINK_ENCRYPTION_KEYS" in result.stderr


@pytest.mark.parametrize(
    ("variable", "demo_value"),
    [
        ("SITE_URL", "http://127.0.0.1:8000"),
        ("EMAIL_HOST", ""),
        ("KASSALINK_BROKER_URL", "filesystem://"),
        ("KASSALINK_CACHE_URL", ""),
        ("DATABASE_URL", "sqlite:///tmp/kassalink.sqlite3"),
    ],
)
def test_demo_services_left_in_production_are_flagged(variable, demo_value):
    keys = {"KASSALINK_ENCRYPTION_KEYS": Fernet.generate_key().decode()}
    result = check_deploy({**PRODUCTION, **keys, variable: demo_value})
    assert result.returncode != 0
    assert variable in result.stderr


@pytest.mark.parametrize("keys", ["not-a-key", Fernet.generate_key().decode() + ",short", "x" * 44])
def test_a_malformed_encryption_key_is_rejected_in_plain_words(keys):
    result = check_deploy({**PRODUCTION, "KASSALINK_ENCRYPTION_KEYS": keys})
    assert result.returncode != 0
    assert "KASSALINK_ENCRYPTION_KEYS" in result.stderr
    assert "is not a Fernet key" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_key_stops_any_command_without_a_traceback():
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [sys.executable, "-m", "kassalink", "connection", "list"],
        env={**inherited, "KASSALINK_ENCRYPTION_KEYS": "not-a-key"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "KASSALINK_ENCRYPTION_KEYS" in result.stderr
