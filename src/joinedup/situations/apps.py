from django.apps import AppConfig


class SituationsConfig(AppConfig):
    name = "joinedup.situations"
    label = "situations"

    def ready(self) -> None:
        from joinedup.core import audit, panels
        from joinedup.invitations import registry as invitations
        from joinedup.situations import panels as situation_panels
        from joinedup.situations.invitable import SITUATION
        from joinedup.situations.models import Membership, Situation

        panels.register("dashboard", situation_panels.dashboard_panel)
        panels.register("place", situation_panels.place_panel)
        audit.register(Situation, "Situation")
        audit.register(Membership, "Situation membership")
        invitations.register(SITUATION)
