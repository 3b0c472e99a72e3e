"""Every page answers with a Content-Security-Policy that allows only this installation,
and an https site gets secure cookies and HSTS without further settings."""

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kassalink.connections.tests.conftest import make_connection


def plain_paths(patterns=None, prefix: str = "") -> list[str]:
    """Every URL of the site that takes no parameter (the admin aside)."""
    paths = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if route.startswith("^") or "<" in route or route.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            paths += plain_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            paths.append("/" + prefix + route)
    return sorted(set(paths))


def test_the_walk_finds_the_pages():
    paths = plain_paths()
    assert {"/login/", "/operator/", "/personeel/rooster/", "/api/v1/employees/"} <= set(paths)


@pytest.mark.parametrize("who", ["anonymous", "owner", "operator"])
def test_every_page_answers_with_the_csp(alice, operator_client, who):
    make_connection(alice)
    client = {"anonymous": Client(), "owner": alice.client(), "operator": operator_client}[who]
    for path in [*plain_paths(), "/no-such-page/", "/personeel/uren/999999/"]:
        response = client.get(path)
        policy = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy, (path, response.status_code)
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy.split("style-src-attr")[0], policy
        assert "http" not in policy  # no other host anywhere


def test_no_template_has_inline_script_or_handlers():
    from pathlib import Path

    import kassalink

    root = Path(kassalink.__file__).parent
    offenders = []
    for template in root.glob("**/templates/**/*.html"):
        text = template.read_text()
        for bad in ("<script>", " onchange=", " onclick=", " onsubmit=", " onload="):
            if bad in text:
                offenders.append(f"{template.relative_to(root)}: {bad.strip()}")
    assert not offenders


def settings_with(env: dict[str, str]) -> str:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SITE_URL"))}
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kassalink.settings');"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_an_https_site_gets_secure_cookies_and_hsts():
    assert settings_with({"SITE_URL": "https://kassa.example.nl"}) == "True True 31536000"


def test_the_http_demo_keeps_plain_cookies():
    assert settings_with({"SITE_URL": "http://127.0.0.1:8000"}) == "False False 0"
