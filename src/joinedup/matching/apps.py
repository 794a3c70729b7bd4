from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "joinedup.matching"
    label = "matching"
    verbose_name = "Matching"

    def ready(self) -> None:
        from joinedup.core import panels
        from joinedup.matching.selectors import dashboard_panel, place_panel

        panels.register("dashboard", dashboard_panel)
        panels.register("place", place_panel)
