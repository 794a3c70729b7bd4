from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "joinedup.matching"
    label = "matching"
    verbose_name = "Matching"

    def ready(self) -> None:
        from joinedup.core import panels
        from joinedup.matching.demo import demo_coffee_rounds_create, demo_rounds_delete
        from joinedup.matching.selectors import dashboard_panel, place_panel
        from joinedup.situations.demo import demo_step_register

        panels.register("dashboard", dashboard_panel)
        panels.register("place", place_panel)
        demo_step_register("coffee rounds", demo_coffee_rounds_create, demo_rounds_delete)
