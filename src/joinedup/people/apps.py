from typing import Any

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "joinedup.people"
    label = "people"

    def ready(self) -> None:
        from joinedup.core import panels
        from joinedup.people import panels as people_panels

        panels.register("place_aside", people_panels.place_panel)

        from joinedup.accounts.signals import signed_on

        signed_on.connect(_profile_from_sign_on, dispatch_uid="people-profile-from-sign-on")


def _profile_from_sign_on(sender: object, **kwargs: Any) -> None:
    from joinedup.people.services import profile_from_sign_on

    profile_from_sign_on(
        user=kwargs["user"],
        claims=kwargs["claims"],
        organisation=kwargs["organisation"],
        created=kwargs["created"],
    )
