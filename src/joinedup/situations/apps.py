from django.apps import AppConfig


class SituationsConfig(AppConfig):
    name = "joinedup.situations"
    label = "situations"
