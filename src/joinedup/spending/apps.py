from django.apps import AppConfig


class SpendingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "joinedup.spending"
    label = "spending"
    verbose_name = "Counting the public pound"

    def ready(self) -> None:
        from joinedup.core import panels
        from joinedup.situations.demo import demo_step_register
        from joinedup.spending import panels as spending_panels
        from joinedup.spending.demo import demo_count_step

        panels.register("place", spending_panels.place_panel)
        demo_step_register("spending", demo_count_step)
