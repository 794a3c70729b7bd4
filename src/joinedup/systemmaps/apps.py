from django.apps import AppConfig


class SystemMapsConfig(AppConfig):
    name = "joinedup.systemmaps"
    label = "systemmaps"
    verbose_name = "System maps"

    def ready(self) -> None:
        from joinedup.core import panels
        from joinedup.systemmaps.panels import situation_maps_panel

        panels.register("situation", situation_maps_panel)
