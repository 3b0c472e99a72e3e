from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "kassalink.insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        # Registers the mapping tab Omzet and the Omzet fields of the connection's forms
        # with the connections app.
        from . import connection_settings, views_omzet  # noqa: F401
