"""The Celery application: `kassalink worker` runs it; tasks live in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kassalink.settings")

app = Celery("kassalink")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
