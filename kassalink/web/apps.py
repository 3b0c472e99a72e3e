from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kassalink.web"
    verbose_name = "Web"

    def ready(self) -> None:
        from kassalink.web import deploy_checks  # noqa: F401 (registers the checks)
