from django.apps import AppConfig


class PerspectivesConfig(AppConfig):
    name = "joinedup.perspectives"
    label = "perspectives"
    verbose_name = "Perspectives"

    def ready(self) -> None:
        from joinedup.core import panels
        from joinedup.invitations import registry as invitations
        from joinedup.perspectives.invitable import CONVERSATION
        from joinedup.perspectives.panels import situation_conversations_panel

        panels.register("situation", situation_conversations_panel)
        invitations.register(CONVERSATION)
