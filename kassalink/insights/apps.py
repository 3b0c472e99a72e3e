from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "kassalink.insights"
    verbose_name = "Insights"
