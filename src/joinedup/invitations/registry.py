"""The kinds of thing a person can be invited to, each registered by its own app in AppConfig.ready():

    invitations.registry.register(Invitable(kind="situation", ...))

so this app never imports the apps whose objects it invites people to (docs/architecture.md).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from joinedup.accounts.models import User


@dataclass(frozen=True)
class Invitable:
    kind: str  # in URLs and on each invitation: "situation"
    label: str  # in sentences: "situation"
    roles: Sequence[tuple[str, str]]  # (value, label); the first is the default
    # The object if `user` may invite people to it (raise Http404 for outsiders, PermissionDenied for members
    # who may not invite: owners, leads, conveners and coordinators may).
    get_for_inviter: Callable[[User, int], Any]
    # The object by id whatever the viewer (for the accept page, where the invitation is the permission).
    get: Callable[[int], Any]
    # Give `user` the role on the object; a person who already belongs keeps their place (no error).
    admit: Callable[..., None]
    title: Callable[[Any], str] = str


_REGISTRY: dict[str, Invitable] = {}


def register(invitable: Invitable) -> None:
    _REGISTRY[invitable.kind] = invitable


def invitable_for(kind: str) -> Invitable:
    """The registered kind; LookupError if no app registered it."""
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise LookupError(f"Nothing is registered as invitable {kind!r}") from None


def kinds() -> list[str]:
    return sorted(_REGISTRY)
