"""Every form on the site, found by walking it as the permission matrix does.

Each route of the matrix's walk is opened as each role; every <form> on a page that answers 200 is read: where
it goes (its action, the page itself when it has none), how (get or post) and what it sends (each field's name,
kind and the values the page offers). A few forms only appear with objects the matrix's world lacks (an exiting
partnership, a published match, a frontline health-check code, an anonymous participant, a password-reset
link); `extras_add` makes those and EXTRA_PAGES opens them.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from joinedup.invitations.services import invitation_token, invitations_create
from joinedup.learning.models import Lesson
from joinedup.matching.models import Application, Match, MatchRound, RoundStatus
from joinedup.partnerships import services as partnership_services
from joinedup.partnerships.models import HealthCheck, Partnership, State
from joinedup.perspectives.models import Statement, StatementStatus
from joinedup.places.models import Place
from joinedup.situations.models import Perspective
from tests import people_helpers as ph
from tests.security.test_permission_matrix import _site_routes, _url_for
from tests.security.world import ROLES, World

# A form seen by several people is posted as the first of these who sees it: the most ordinary person first.
PREFERENCE = ("member", "lead", "admin", "outsider", "anonymous")
# Pages whose form needs something the plain walk lacks: (route, visitor, URL parameter -> world.objects key,
# how the page is reached). "post" reaches the second step of a two-step form by pressing the first button.
EXTRA_PAGES: list[tuple[str, str, dict[str, str], str]] = [
    ("partnerships:close", "lead", {"partnership_id": "exiting_partnership_id"}, "get"),
    ("partnerships:answer-code", "anonymous", {"code": "check_code"}, "get"),
    ("matching:match-feedback", "member", {"match_id": "published_match_id"}, "get"),
    ("perspectives:link-vote", "participant", {"token": "conversation_token"}, "get"),
    ("invitations:accept", "anonymous", {"token": "invitation_token"}, "get"),
    ("perspectives:link-statement-add", "participant", {"token": "conversation_token"}, "get"),
    ("accounts:reset-confirm", "anonymous", {"uidb64": "reset_uidb64", "token": "reset_token"}, "get"),
    ("people:my-data", "member", {}, "post"),  # "Erase my data" asks to confirm on a second page
]
# The sign-out button in the navigation is on every page; it has nothing to type (see NOT_FUZZED).
NAVIGATION = {"accounts:sign-out"}
BUTTON_TYPES = {"submit", "button", "image", "reset"}
PICKED_TYPES = {"radio", "checkbox"}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "typed", "picked" (radio, checkbox, select, a named button), "hidden" or "file"
    values: tuple[str, ...]  # what the page offers or already holds


@dataclass(frozen=True)
class Form:
    page: str  # the route the form was found on
    route: str  # the route its action resolves to
    action: str
    method: str
    fields: tuple[Field, ...]
    role: str  # who posts it (see PREFERENCE)

    @property
    def shape(self) -> tuple[str, str, tuple[str, ...]]:
        """Forms with the same route, method and field names (ids in prefixes aside) are one form."""
        return self.route, self.method, tuple(sorted(re.sub(r"\d+", "#", f.name) for f in self.fields))

    @property
    def fuzzable(self) -> bool:
        return any(f.kind != "hidden" for f in self.fields)


class _FormReader(HTMLParser):
    """Collects each form's method, action and fields, with the values the page offers for each field."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"method": a.get("method", "").lower(), "action": a.get("action", ""), "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "option" and self._select:
            self._add(self._select, "picked", a.get("value", ""))
        elif tag in ("input", "select", "textarea", "button") and a.get("name"):
            self._field(tag, a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None

    def _field(self, tag: str, a: dict[str, str]) -> None:
        kind_of_input = a.get("type", "text" if tag != "button" else "submit").lower()
        if tag == "select":
            self._select = a["name"]
            self._add(a["name"], "picked", None)
        elif tag == "textarea":
            self._add(a["name"], "typed", None)
        elif kind_of_input == "hidden":
            self._add(a["name"], "hidden", a.get("value", ""))
        elif kind_of_input == "file":
            self._add(a["name"], "file", None)
        elif kind_of_input in PICKED_TYPES or kind_of_input in BUTTON_TYPES:
            self._add(a["name"], "picked", a.get("value", "on"))
        else:
            self._add(a["name"], "typed", a.get("value") or None)

    def _add(self, name: str, kind: str, value: str | None) -> None:
        assert self._form is not None
        field = self._form["fields"].setdefault(name, {"kind": kind, "values": []})
        if value is not None and value not in field["values"]:
            field["values"].append(value)


def forms_on(html: str, page_route: str, page_url: str, role: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(html)
    found = []
    for raw in reader.forms:
        if not raw["method"]:
            continue  # no method: a form the page's script sends itself (the map editor's, fuzzed as JSON)
        action = raw["action"].split("#")[0] or page_url
        fields = tuple(
            Field(name, f["kind"], tuple(f["values"]))
            for name, f in sorted(raw["fields"].items())
            if name != "csrfmiddlewaretoken"
        )
        found.append(Form(page_route, _route_of(action), action, raw["method"], fields, role))
    return [f for f in found if f.route not in NAVIGATION]


def _route_of(action: str) -> str:
    try:
        return resolve(action.split("?")[0]).view_name
    except Resolver404:
        return f"? {action}"


# --- the walk ------------------------------------------------------------------------------------------------


def site_forms(world: World, clients: dict[str, Client]) -> dict[tuple[str, str, tuple[str, ...]], Form]:
    """Every distinct form, found on the matrix's pages and the extra pages, each with the person to post it."""
    found: dict[tuple[str, str, tuple[str, ...]], Form] = {}
    for route in _site_routes():
        url = _url_for(world, route)
        for role in PREFERENCE:
            for form in _forms_of(clients[role].get(url), route, url, role):
                found.setdefault(form.shape, form)
    for route, visitor, params, how in EXTRA_PAGES:
        url = reverse(route, kwargs={name: world.objects[key] for name, key in params.items()})
        response = clients[visitor].get(url, follow=True) if how == "get" else clients[visitor].post(url)
        final_url = response.request["PATH_INFO"]
        for form in _forms_of(response, route, final_url, visitor):
            found.setdefault(form.shape, form)
    return found


def _forms_of(response: Any, route: str, url: str, role: str) -> list[Form]:
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    return forms_on(response.content.decode(), route, url, role)


def signed_in(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
    return client


def visitors(world: World) -> dict[str, Client]:
    """A signed-in client per role, an anonymous one, and "participant": someone without an account who has joined
    the conversation through its anonymous link (a signed cookie names them), for the link's own pages."""
    clients = {role: Client() if role == "anonymous" else signed_in(world, role) for role in ROLES}
    participant = Client()
    join = reverse("perspectives:join", args=[world.objects["conversation_token"]])
    assert participant.post(join, {"perspective": Perspective.FRONTLINE}).status_code == 302
    clients["participant"] = participant
    return clients


# --- what the walk needs beyond the matrix's world -----------------------------------------------------------


def extras_add(world: World) -> None:
    """The objects behind EXTRA_PAGES; also an approved statement (so the vote forms show) and a place for the
    lesson (so its "how like your place?" form shows)."""
    lead = world.users["lead"]
    Lesson.objects.get(ref=world.objects["ref"]).places.add(
        Place.objects.get(gss_code=world.objects["gss_code"])
    )
    Statement.objects.create(conversation_id=world.objects["conversation_id"], number=2,
                             text="Nobody owns the whole journey.", status=StatementStatus.APPROVED,
                             created_at=timezone.now())  # fmt: skip
    exiting = partnership_services.partnership_create(title="Ending pilot", shared_outcome="Handed over",
                                                      kind="joint_working", by=lead)  # fmt: skip
    Partnership.objects.filter(pk=exiting.pk).update(state=State.EXITING)
    check = HealthCheck.objects.get(pk=world.objects["check_id"])
    code = partnership_services.partnership_issue_codes(check=check, side="frontline", count=1, by=lead)[0]
    world.objects.update(exiting_partnership_id=exiting.pk, check_code=code)
    _invitation_extras(world)
    _matching_extras(world)
    _reset_link(world)


def _invitation_extras(world: World) -> None:
    """A real invitation link for a new address: its sign-up form is what an invited stranger fills in."""
    (invitation,) = invitations_create(kind="situation", object_id=world.objects["situation_id"],
                                       emails=["fuzz.invitee@example.org"], role="member",
                                       actor=world.users["lead"])  # fmt: skip
    world.objects.update(invitation_token=invitation_token(invitation))


def _matching_extras(world: World) -> None:
    """A published match for the member (feedback), and an applicant for the lead's opportunity (ranking)."""
    member, lead, admin = (world.users[r] for r in ("member", "lead", "admin"))
    published = MatchRound.objects.create(name="Published round", created_by=admin,
                                          status=RoundStatus.PUBLISHED, published_at=timezone.now())  # fmt: skip
    match = Match.objects.create(round=published, person_a=member.profile, person_b=lead.profile,
                                 arranger=member.profile, score=0.5)  # fmt: skip
    Application.objects.create(scheme_id=world.objects["scheme_id"], applicant=world.users["outsider"].profile,
                               ranking=[world.objects["opportunity_id"]])  # fmt: skip
    world.objects.update(published_match_id=match.pk)


def _reset_link(world: World) -> None:
    """A real password-reset link, for someone else: a junk post that happens to be valid changes only theirs."""
    user = ph.person("rita@leeds.gov.uk", "Rita Reset", ph.council())
    world.objects.update(
        reset_uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        reset_token=default_token_generator.make_token(user),
    )
