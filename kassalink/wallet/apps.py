from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WalletConfig(AppConfig):
    name = "kassalink.wallet"
    verbose_name = _("Bonnenportemonnee")

    def ready(self) -> None:
        from kassalink.wallet import signals  # noqa: F401 - connects the receivers
