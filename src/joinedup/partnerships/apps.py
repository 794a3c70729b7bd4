from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _sqlite_secure_delete(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Deleted rows are overwritten with zeros on SQLite, so a used health-check invitation leaves no bytes in a
    copy of the database file that could tie its deletion to the answer stored with it."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete=ON")


# The name the standing partnership reminders are registered under (the partnership-reminders command runs it).
STANDING = "partnership-standing"


class PartnershipsConfig(AppConfig):
    name = "joinedup.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        from joinedup.core import audit, panels
        from joinedup.invitations import registry as invitations
        from joinedup.notifications import reminders
        from joinedup.partnerships.demo import demo_partnership_create, demo_partnerships_delete
        from joinedup.partnerships.invitable import HEALTH_CHECK, PARTNERSHIP
        from joinedup.partnerships.models import Participant, Partnership
        from joinedup.partnerships.reminders import (
            charter_reminders,
            health_check_reminders,
            standing_reminders,
        )
        from joinedup.partnerships.selectors import dashboard_panel
        from joinedup.situations.demo import demo_step_register

        panels.register("dashboard", dashboard_panel)
        demo_step_register("partnership", demo_partnership_create, demo_partnerships_delete)
        audit.register(Partnership, "Partnership")
        audit.register(Participant, "Partnership participant")
        reminders.register("health-checks", health_check_reminders)
        reminders.register("charter-rhythm", charter_reminders)
        reminders.register(STANDING, standing_reminders)
        invitations.register(PARTNERSHIP)
        invitations.register(HEALTH_CHECK)
        connection_created.connect(_sqlite_secure_delete, dispatch_uid="joinedup-sqlite-secure-delete")
