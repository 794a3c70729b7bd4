from django.apps import AppConfig


class PerspectivesConfig(AppConfig):
    name = "joinedup.perspectives"
    label = "perspectives"
    verbose_name = "Perspectives"

    def ready(self) -> None:
        from joinedup.core import panels
        from joinedup.perspectives.panels import situation_conversations_panel

        panels.register("situation", situation_conversations_panel)
