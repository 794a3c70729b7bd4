from django.apps import AppConfig


class PerspectivesConfig(AppConfig):
    name = "joinedup.perspectives"
    label = "perspectives"
    verbose_name = "Perspectives"
