from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kassalink.demo"
    verbose_name = "Demo"
