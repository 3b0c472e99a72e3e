from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "kassalink.workforce"
    verbose_name = "Workforce"

    def ready(self) -> None:
        # Registers the mapping tabs Medewerkers and Kloktijden with the connections app.
        from . import views_mapping  # noqa: F401
