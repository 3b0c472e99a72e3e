"""`kassalink generate-key`: a new Fernet key for KASSALINK_ENCRYPTION_KEYS."""

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Print a new Fernet key for KASSALINK_ENCRYPTION_KEYS (secrets at rest). To rotate, "
        "put the new key first and keep the old ones after it, comma separated."
    )
    requires_system_checks = []

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(Fernet.generate_key().decode())
