from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kassalink.web"
    verbose_name = "Web"
