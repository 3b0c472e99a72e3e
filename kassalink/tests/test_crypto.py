"""Secrets at rest: stored encrypted, read back as given, unreadable with another key."""

import pytest
from cryptography.fernet import Fernet
from django.db import connection as db

from kassalink import crypto
from kassalink.accounts.models import Organization
from kassalink.connections.models import Connection


@pytest.fixture
def fresh_keys(settings):
    """Each test picks its own keys; the cached cipher must follow."""
    crypto._fernet.cache_clear()
    yield settings
    crypto._fernet.cache_clear()


@pytest.mark.django_db
def test_connection_secret_is_encrypted_in_the_database(fresh_keys):
    fresh_keys.KASSALINK_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    org = Organization.objects.create(slug="alice", name="Alice")
    conn = Connection.objects.create(
        organization=org,
        name="Kassa",
        port=1234,
        ident="alice-ident",
        secret="s3cr3t-value",
        import_notification_email="a@example.com",
    )
    with db.cursor() as cursor:
        cursor.execute("SELECT ident, secret FROM connections_connection WHERE id = %s", [conn.pk])
        stored_ident, stored_secret = cursor.fetchone()
    assert "alice-ident" not in stored_ident
    assert "s3cr3t-value" not in stored_secret
    assert Connection.objects.get(pk=conn.pk).secret == "s3cr3t-value"
    assert "s3cr3t-value" not in repr(conn) and "s3cr3t-value" not in str(conn)


def test_rotation_reads_old_secrets_with_the_old_key(fresh_keys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    fresh_keys.KASSALINK_ENCRYPTION_KEYS = [old]
    token = crypto.encrypt("ident-1")
    crypto._fernet.cache_clear()
    fresh_keys.KASSALINK_ENCRYPTION_KEYS = [new, old]
    assert crypto.decrypt(token) == "ident-1"


def test_a_lost_key_gives_a_clear_error_without_the_secret(fresh_keys):
    fresh_keys.KASSALINK_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    token = crypto.encrypt("ident-1")
    crypto._fernet.cache_clear()
    fresh_keys.KASSALINK_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.SecretUnreadable, match="KASSALINK_ENCRYPTION_KEYS") as info:
        crypto.decrypt(token)
    assert "ident-1" not in str(info.value)
