from django.apps import AppConfig


class PerspectivesConfig(AppConfig):
    name = "joinedup.perspectives"
    label = "perspectives"
    verbose_name = "Perspectives"

    def ready(self) -> None:
        from joinedup.core import panels
        from joinedup.invitations import registry as invitations
        from joinedup.perspectives.demo import demo_conversation_create
        from joinedup.perspectives.invitable import CONVERSATION
        from joinedup.perspectives.panels import situation_conversations_panel
        from joinedup.situations.demo import demo_step_register

        panels.register("situation", situation_conversations_panel)
        invitations.register(CONVERSATION)
        demo_step_register("conversation", demo_conversation_create)
