from django.apps import AppConfig


class SystemMapsConfig(AppConfig):
    name = "joinedup.systemmaps"
    label = "systemmaps"
    verbose_name = "System maps"
