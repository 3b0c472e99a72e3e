from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kassalink.accounts"
    verbose_name = "Accounts"
