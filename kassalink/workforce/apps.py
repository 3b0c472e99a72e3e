from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "kassalink.workforce"
    verbose_name = "Workforce"
