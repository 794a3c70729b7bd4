from django.apps import AppConfig


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "joinedup.learning"
    label = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        from joinedup.core import panels
        from joinedup.learning import panels as learning_panels

        panels.register("place", learning_panels.place_panel)
        panels.register("situation", learning_panels.situation_panel)
