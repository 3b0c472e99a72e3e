from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender: object, using: str = "default", **kwargs: object) -> None:
    """`kassalink migrate` also makes the database cache's table (settings.CACHES), so a
    fresh installation's sign-in throttle works without another command."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class WebConfig(AppConfig):
    name = "kassalink.web"
    verbose_name = "Web"

    def ready(self) -> None:
        from kassalink.web import deploy_checks  # noqa: F401 (registers the checks)

        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="web-cache-table")
