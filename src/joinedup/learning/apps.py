from django.apps import AppConfig

EXIT_REVIEW_RECEIVER = "joinedup.learning.lesson_from_exit_review"


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "joinedup.learning"
    label = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        from joinedup.core import panels
        from joinedup.learning import panels as learning_panels
        from joinedup.learning.services import demo_lessons_delete, lesson_from_exit_review_received
        from joinedup.partnerships.signals import exit_review_submitted
        from joinedup.situations.demo import demo_cleanup_register

        panels.register("place", learning_panels.place_panel)
        panels.register("situation", learning_panels.situation_panel)
        exit_review_submitted.connect(lesson_from_exit_review_received, dispatch_uid=EXIT_REVIEW_RECEIVER)
        # The demo's closed partnership leaves a draft lesson (through the signal above), kept by id, not a key:
        # seed-demo deletes it before a re-run.
        demo_cleanup_register(demo_lessons_delete)
