from django.apps import AppConfig


class ConnectionsConfig(AppConfig):
    name = "kassalink.connections"
    verbose_name = "MplusKASSA connections"
