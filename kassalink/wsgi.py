"""WSGI entry point, served by `kassalink serve` (gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kassalink.settings")
application = get_wsgi_application()
