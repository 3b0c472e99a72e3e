from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "kassalink.insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        # Registers the mapping tab Omzet with the connections app.
        from . import views_omzet  # noqa: F401
