from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "joinedup.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        from joinedup.core import audit, panels
        from joinedup.partnerships.models import Participant, Partnership
        from joinedup.partnerships.selectors import dashboard_panel

        panels.register("dashboard", dashboard_panel)
        audit.register(Partnership, "Partnership")
        audit.register(Participant, "Partnership participant")
