"""WSGI entry point, served by `kassalink serve` (gunicorn).

POS webhooks (`/webhooks/mplus/…`) skip the middleware made for people in browsers
(sessions, CSRF, sign-in, messages, language, CSP, htmx, lock-outs, static files): the till
sends signed JSON and waits for the answer, and that middleware was about a tenth of the
endpoint's time under load. They keep SecurityMiddleware (HTTPS redirect, security headers).
"""

import os

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kassalink.settings")

WEBHOOK_PATH = "/webhooks/mplus/"


class WebhookHandler(WSGIHandler):
    """Django with only SecurityMiddleware: the POS webhook endpoint's road."""

    def load_middleware(self, is_async: bool = False) -> None:
        from django.middleware.security import SecurityMiddleware

        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        view = convert_exception_to_response(self._get_response)
        self._middleware_chain = convert_exception_to_response(SecurityMiddleware(view))


_site = get_wsgi_application()
_webhooks = WebhookHandler()


def application(environ, start_response):
    if environ.get("PATH_INFO", "").startswith(WEBHOOK_PATH):
        return _webhooks(environ, start_response)
    return _site(environ, start_response)
