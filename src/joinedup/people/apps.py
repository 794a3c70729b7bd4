from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "joinedup.people"
    label = "people"

    def ready(self) -> None:
        from joinedup.core import panels
        from joinedup.people import panels as people_panels

        panels.register("place_aside", people_panels.place_panel)
