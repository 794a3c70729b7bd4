from django.apps import AppConfig

DEMO_RECEIVER = "joinedup.spending.demo_count"


class SpendingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "joinedup.spending"
    label = "spending"
    verbose_name = "Counting the public pound"

    def ready(self) -> None:
        from joinedup.core import panels
        from joinedup.situations.signals import demo_seeded
        from joinedup.spending import panels as spending_panels
        from joinedup.spending.demo import demo_count_received

        panels.register("place", spending_panels.place_panel)
        demo_seeded.connect(demo_count_received, dispatch_uid=DEMO_RECEIVER)
