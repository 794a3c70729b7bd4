from django.apps import AppConfig


class SystemMapsConfig(AppConfig):
    name = "joinedup.systemmaps"
    label = "systemmaps"
    verbose_name = "System maps"

    def ready(self) -> None:
        from joinedup.core import panels
        from joinedup.situations.demo import demo_step_register
        from joinedup.systemmaps.demo import demo_system_map_create
        from joinedup.systemmaps.panels import situation_maps_panel

        panels.register("situation", situation_maps_panel)
        demo_step_register("system map", demo_system_map_create)
