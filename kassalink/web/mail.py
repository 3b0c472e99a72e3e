"""Sending the product's e-mails: a subject and a body rendered from templates, in Dutch.

Templates come in pairs, `<name>_subject.txt` and `<name>_body.txt`. Shops read Dutch, so
mail is rendered in the site's language whatever language the sender's request used.
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(
    template: str, recipients: Iterable[str], context: Mapping[str, object]
) -> int:
    """Render `template`_subject.txt and _body.txt and send them; returns messages sent."""
    to = sorted({address for address in recipients if address})
    if not to:
        return 0
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    return send_mail(subject, body, None, to)
