"""Sign-in links are throttled per address and per client address, in a cache every
gunicorn worker shares and a restart keeps (the database, or Redis), with a message that
says what happened and how long to wait; a refused request makes no account."""

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client

from kassalink.env import env_rates
from kassalink.wallet.models import Customer


def ask(email: str, address: str = "203.0.113.5"):
    return Client(REMOTE_ADDR=address).post("/portemonnee/aanmelden/", {"email": email})


def test_one_link_a_minute_per_address_with_a_clear_message(db):
    assert ask("flood@example.com").status_code == 200
    again = ask("Flood@Example.com", "198.51.100.7")  # another case, another client
    assert again.status_code == 429
    page = again.content.decode()
    assert 'data-testid="throttled"' in page and "zojuist al een inloglink" in page
    assert "Probeer het over 1 minuut opnieuw." in page
    assert len(mail.outbox) == 1


def test_the_counts_live_in_the_shared_database_cache(db):
    ask("worker@example.com")
    with connection.cursor() as cursor:  # not in one process's memory: every worker reads it
        cursor.execute("SELECT COUNT(*) FROM kassalink_cache")
        assert cursor.fetchone()[0] >= 2  # the client's and the address's counter
    assert ask("worker@example.com").status_code == 429


def test_too_many_links_from_one_client_are_refused_before_any_account(db, settings):
    settings.KASSALINK_WALLET_LINK_RATES_IP = [(2, 3600)]
    assert ask("a@example.com").status_code == 200
    assert ask("b@example.com").status_code == 200
    refused = ask("c@example.com")
    assert refused.status_code == 429
    assert "vanaf uw netwerk te veel inloglinks" in refused.content.decode()
    assert "60 minuten" in refused.content.decode()
    assert not Customer.objects.filter(user__email="c@example.com").exists()
    assert ask("c@example.com", "192.0.2.44").status_code == 200  # another client may
    assert len(mail.outbox) == 3


def test_the_english_message(db):
    ask("en@example.com")
    again = Client(REMOTE_ADDR="203.0.113.5", HTTP_ACCEPT_LANGUAGE="en").post(
        "/portemonnee/aanmelden/", {"email": "en@example.com"}
    )
    assert again.status_code == 429 and "Try again in 1 minute." in again.content.decode()


def test_with_redis_the_counts_survive_a_new_connection(db, settings):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/8"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    from django.core.cache import cache

    cache.clear()
    try:
        assert ask("redis@example.com").status_code == 200
        fresh = redis.Redis.from_url(url)  # as another worker, or after a restart
        assert any(b"rl:" in key for key in fresh.scan_iter())
        assert ask("redis@example.com").status_code == 429
    finally:
        cache.clear()


@pytest.mark.parametrize("value", ["often", "0/m", "5/0m", "5/w", "1/m,"])
def test_a_bad_rate_stops_the_program_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("KASSALINK_WALLET_LINK_RATE_IP", value)
    with pytest.raises(ImproperlyConfigured, match="KASSALINK_WALLET_LINK_RATE_IP"):
        env_rates("KASSALINK_WALLET_LINK_RATE_IP", "20/h")
