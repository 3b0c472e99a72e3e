"""`kassalink check --deploy` is clean with production settings, and flags demo defaults."""

import os
import subprocess
import sys

from cryptography.fernet import Fernet

PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-0123456789",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "ALLOWED_HOSTS": "kassalink.example.nl",
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
