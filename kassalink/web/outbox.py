"""An e-mail backend that stores messages for the outbox page instead of sending them."""

from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from kassalink.web.models import OutboxMessage

        for message in email_messages:
            OutboxMessage.objects.create(
                subject=message.subject,
                from_email=message.from_email,
                to=", ".join(message.to),
                body=message.body,
            )
        return len(email_messages)
