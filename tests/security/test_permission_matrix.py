"""The permission matrix: every route of the site and every API operation, tried as five people.

Each row gives the expected answer for anonymous, outsider, member, lead and admin (see world.py):
  L   a redirect to the sign-in page        R   a redirect somewhere else
  200, 404, ... exactly that status
A route or API operation with no row fails the test with its name, so a new view cannot land unchecked.
Run with SECURITY_MATRIX_PRINT=1 to print what the site does now, as rows to paste (then read every one).
"""

import os
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.world import ROLES, World, build_world

# Whole namespaces left out of the page walk, with the reason.
EXCLUDED_NAMESPACES = {
    "admin": "Django's admin checks is_staff itself (coordinators and admins only); its hundreds of generated "
    "routes are Django's, not ours",
}
# API operations are walked from /api/v1/openapi.json below; the routes ninja adds per operation are skipped here.
API_DOCUMENT_ROUTES = {"api:openapi-json", "api:openapi-view", "api:api-root"}
# Static files are served by WhiteNoise's middleware, not by a URL pattern, so they never appear in the walk.

# Values for URL parameters whose name alone does not say which object (name -> value key in world.objects).
OVERRIDES: dict[str, dict[str, str]] = {
    "invitations:invite": {"object_id": "situation_id"},
    "perspectives:join": {"token": "conversation_token"},
    "perspectives:link-vote": {"token": "conversation_token"},
    "perspectives:link-statement-add": {"token": "conversation_token"},
}
FIXED: dict[str, dict[str, Any]] = {
    "accounts:reset-confirm": {"uidb64": "MQ", "token": "set-password"},
    "invitations:accept": {"token": "1.not-a-real-token"},
    "invitations:invite": {"kind": "situation"},
    "notifications:unsubscribe": {"token": "not-a-real-token"},
    "partnerships:answer-code": {"code": "NOT-A-REAL-CODE"},
    "partnerships:answer-link": {"token": "not-a-real-token"},
    "partnerships:transition": {"action": "start"},
    "systemmaps:export": {"name": "map.svg"},
    "spending:theme_situation": {"theme": "offending"},
}

PAGES: dict[str, str] = {
    "accounts:reset": "200 200 200 200 200",
    "accounts:reset-complete": "200 200 200 200 200",
    "accounts:reset-confirm": "200 200 200 200 200",
    "accounts:reset-sent": "200 200 200 200 200",
    "accounts:sign-in": "200 R R R R",
    "accounts:sign-out": "405 405 405 405 405",
    # Single sign-on: the address form is open to all; without a chosen provider or a code both steps send
    # the visitor back to it.
    "accounts:sso": "200 200 200 200 200",
    "accounts:sso-callback": "R R R R R",
    "accounts:sso-go": "R R R R R",
    "accounts:two-factor": "L 200 200 200 200",
    "api:api-root": "404 404 404 404 404",
    "api:openapi-json": "200 200 200 200 200",
    "api:openapi-view": "200 200 200 200 200",
    "core:about-data": "200 200 200 200 200",
    "core:accessibility": "200 200 200 200 200",
    "core:dashboard": "L 200 200 200 200",
    "core:healthz": "200 200 200 200 200",
    "core:audit": "L 404 404 404 200",
    "core:home": "200 R R R R",
    "invitations:accept": "410 410 410 410 410",  # no such link, whoever asks
    "invitations:invite": "L 404 403 200 200",  # the situation's conveners (lead) and coordinators (admin)
    "invitations:resend": "L 405 405 405 405",
    "invitations:withdraw": "L 405 405 405 405",
    "jobs:detail": "L 404 200 404 200",  # "member" started the job
    "jobs:status": "L 404 200 404 200",
    "learning:evidence": "L 200 200 200 200",  # the page that explains the evidence levels
    "learning:initiative": "L 200 200 200 200",
    "learning:initiatives": "L 200 200 200 200",
    "learning:lesson": "L 200 200 200 200",
    "learning:lesson_comment": "L 405 405 405 405",
    "learning:lesson_edit": "L 404 404 200 200",
    "learning:lesson_new": "L 200 200 200 200",
    "learning:lesson_state": "L 405 405 405 405",
    "learning:library": "L 200 200 200 200",
    "matching:apply": "L 200 200 200 200",
    "matching:block-add": "L 405 405 405 405",
    "matching:block-remove": "L 405 405 405 405",
    "matching:board": "L 200 200 200 200",
    "matching:bridges": "L 200 200 200 200",
    "matching:event-create": "L 404 404 404 200",
    "matching:event-detail": "L 200 200 200 200",
    "matching:event-list": "L 200 200 200 200",
    "matching:event-plan": "L 404 404 404 200",
    "matching:event-register": "L 405 405 405 405",
    "matching:event-seat": "L 405 405 405 405",
    "matching:event-unregister": "L 405 405 405 405",
    "matching:home": "L 200 200 200 200",
    "matching:match-detail": "L 404 404 404 200",  # the round is not published: hidden from its pair
    "matching:match-calendar": "L 404 404 404 404",  # for the people introduced only, once published
    "matching:match-feedback": "L 404 404 404 404",
    "matching:match-rematch": "L 405 405 405 405",
    "matching:network": "L 200 200 200 200",
    "matching:opportunity-create": "L 200 200 200 200",
    "matching:opportunity-detail": "L 200 200 200 200",
    "matching:opportunity-rank": "L 404 404 200 404",  # only the host ranks the applicants
    "matching:preferences": "L 200 200 200 200",
    "matching:round-create": "L 404 404 404 200",
    "matching:round-detail": "L 404 404 404 200",
    "matching:round-list": "L 404 404 404 200",
    "matching:round-publish": "L 405 405 405 405",
    "matching:round-run": "L 405 405 405 405",
    "matching:scheme-create": "L 404 404 404 200",
    "matching:scheme-detail": "L 200 200 200 200",
    "matching:scheme-publish": "L 405 405 405 405",
    "matching:scheme-run": "L 405 405 405 405",
    "partnerships:add-champion": "L 404 403 200 403",
    "partnerships:add-cost": "L 404 403 200 403",
    "partnerships:add-deliverable": "L 404 403 200 403",
    "partnerships:add-milestone": "L 404 403 200 403",
    "partnerships:add-participant": "L 404 403 200 403",
    "partnerships:answer-code": "404 404 404 404 404",  # a made-up code
    "partnerships:answer-link": "404 404 404 404 404",  # a made-up token
    "partnerships:answered": "200 200 200 200 200",
    "partnerships:champion-left": "L 405 405 405 405",
    "partnerships:check": "L 404 200 200 200",
    "partnerships:close": "L 404 403 R 403",
    "partnerships:close-check": "L 405 405 405 405",
    "partnerships:confirm": "L 405 405 405 405",
    "partnerships:create": "L 200 200 200 200",
    "partnerships:declare": "L 404 200 200 403",
    "partnerships:detail": "L 404 200 200 200",
    "partnerships:edit": "L 404 403 200 403",
    "partnerships:edit-deliverable": "L 404 403 200 403",
    "partnerships:enter-code": "200 200 200 200 200",
    "partnerships:history": "L 404 200 200 200",
    "partnerships:issue-codes": "L 404 403 200 403",
    "partnerships:list": "L 200 200 200 200",
    "partnerships:programme": "L 404 404 404 200",
    "partnerships:programme-csv": "L 404 404 404 200",
    "partnerships:programmes": "L 404 404 404 200",
    "partnerships:remove-cost": "L 405 405 405 405",
    "partnerships:remove-participant": "L 405 405 405 405",
    "partnerships:schedule-check": "L 404 403 200 403",
    "partnerships:transition": "L 405 405 405 405",
    "notifications:failed": "L 403 403 403 200",  # coordinators and admins
    "notifications:inbox": "L 200 200 200 200",
    "notifications:mark-all-read": "L 405 405 405 405",
    "notifications:open": "L 405 405 405 405",
    "notifications:preferences": "L 200 200 200 200",
    "notifications:unsubscribe": "400 400 400 400 400",  # a forged signature
    "people:detail": "L 200 200 200 200",
    "people:directory": "L 200 200 200 200",
    "people:edit": "L 200 200 200 200",
    "people:my-data": "L 200 200 200 200",
    "perspectives:create": "L 404 403 200 200",
    "perspectives:detail": "L 404 200 200 200",
    "perspectives:edit": "L 404 403 200 200",
    "perspectives:export": "L 404 200 200 200",
    "perspectives:export-full": "L 404 403 200 200",  # owners only: conveners and whoever opened it
    "perspectives:export-votes": "L 404 200 200 200",  # pseudonymous, day-granular
    "perspectives:join": "200 200 R R 200",  # the anonymous link: members are sent to vote as themselves
    "perspectives:link-statement-add": "R R R R R",  # no participant cookie yet: back to join
    "perspectives:link-vote": "R R R R R",
    "perspectives:list": "L 404 200 200 200",
    "perspectives:moderate": "L 405 405 405 405",
    "perspectives:moderation": "L 404 403 200 200",
    "perspectives:new-link": "L 405 405 405 405",
    "perspectives:report": "L 404 200 200 200",
    "perspectives:statement-add": "L 404 200 200 200",
    "perspectives:statement-upload": "L 404 403 200 200",
    "perspectives:summary": "L 404 200 200 200",
    "perspectives:vote": "L 404 200 200 200",
    "places:detail": "L 200 200 200 200",
    "places:edit": "L 200 200 200 200",
    "places:list": "L 200 200 200 200",
    "situations:create": "L 200 200 200 200",
    "situations:detail": "L 404 200 200 200",
    "situations:edit": "L 404 403 200 200",
    "situations:history": "L 404 200 200 200",
    "situations:list": "L 200 200 200 200",
    "situations:member-remove": "L 405 405 405 405",
    "situations:member-update": "L 405 405 405 405",
    "situations:members": "L 404 403 200 200",
    "spending:detail": "L 404 200 200 200",
    "spending:giving_json": "L 404 200 200 200",
    "spending:import": "L 404 200 200 200",
    "spending:import_new": "L 404 200 200 200",
    "spending:line_new": "L 404 200 200 200",
    "spending:list": "L 200 200 200 200",
    "spending:new": "L 200 200 200 200",
    "spending:openness": "L 405 405 405 405",
    "spending:template": "200 200 200 200 200",
    "spending:theme_situation": "L 404 200 200 200",
    "spending:totals_csv": "L 404 200 200 200",
    "systemmaps:change-undo": "L 405 405 405 405",
    "systemmaps:changes": "L 404 200 200 200",
    "systemmaps:data": "L 404 200 200 200",
    "systemmaps:data-factor": "L 405 405 405 405",
    "systemmaps:data-factor-delete": "L 405 405 405 405",
    "systemmaps:data-factors": "L 405 405 405 405",
    "systemmaps:data-link": "L 405 405 405 405",
    "systemmaps:data-link-delete": "L 405 405 405 405",
    "systemmaps:data-links": "L 405 405 405 405",
    "systemmaps:data-undo": "L 405 405 405 405",
    "systemmaps:data-redo": "L 405 405 405 405",
    "systemmaps:data-simulate": "L 405 405 405 405",
    "systemmaps:data-tidy": "L 405 405 405 405",
    "systemmaps:data-analysis": "L 404 200 200 200",
    "systemmaps:versions": "L 404 200 200 200",
    "systemmaps:detail": "L 404 200 200 200",
    "systemmaps:editor": "L 404 200 200 200",
    "systemmaps:export": "L 404 200 200 200",
    "systemmaps:factor-add": "L 404 200 200 200",
    "systemmaps:factor-delete": "L 404 200 200 200",
    "systemmaps:factor-edit": "L 404 200 200 200",
    "systemmaps:import": "L 404 200 200 200",
    "systemmaps:link-add": "L 404 200 200 200",
    "systemmaps:link-delete": "L 404 200 200 200",
    "systemmaps:link-edit": "L 404 200 200 200",
    "systemmaps:list": "L 404 200 200 200",
}

API: dict[str, str] = {
    "GET /api/v1/organisations/": "401 200 200 200 200",
    "GET /api/v1/organisations/{slug}": "401 200 200 200 200",
    "GET /api/v1/partnerships/": "401 200 200 200 200",
    "GET /api/v1/partnerships/{partnership_id}": "401 404 200 200 200",
    "GET /api/v1/partnerships/{partnership_id}/checks/{check_id}/results": "401 404 409 409 409",
    "GET /api/v1/people/": "401 200 200 200 200",
    "GET /api/v1/people/{person_id}": "401 200 200 200 200",
    "GET /api/v1/places/": "401 200 200 200 200",
    "GET /api/v1/places/{gss_code}": "401 200 200 200 200",
    "GET /api/v1/situations/": "401 200 200 200 200",
    "GET /api/v1/situations/{situation_id}": "401 404 200 200 200",
    "POST /api/v1/situations/": "401 422 422 422 422",
}


def _routes(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace or "") if x)
            found += _routes(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            found.append((f"{namespace}:{p.name}" if namespace else str(p.name), p))
    return found


def _site_routes() -> list[str]:
    names = []
    for name, _pattern in _routes(get_resolver().url_patterns):
        namespace = name.split(":", 1)[0] if ":" in name else ""
        if namespace in EXCLUDED_NAMESPACES:
            continue
        if namespace == "api" and name not in API_DOCUMENT_ROUTES:
            continue
        names.append(name)
    return sorted(set(names))


def _route_params(name: str) -> list[str]:
    """The parameter names of a named route, from the resolver's reverse table (namespaces followed)."""
    resolver = get_resolver()
    *namespaces, short = name.split(":")
    for namespace in namespaces:
        resolver = resolver.namespace_dict[namespace][1]
    for possibility, _pattern, _defaults, _converters in resolver.reverse_dict.getlist(short):
        return list(possibility[0][1])
    return []


def _url_for(world: World, name: str) -> str:
    names = _route_params(name)
    overrides = {k: world.objects[v] for k, v in OVERRIDES.get(name, {}).items()}
    overrides.update(FIXED.get(name, {}))
    return reverse(name, kwargs=world.kwargs(name, names, overrides))


def _client(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
    return client


def _observed(response: Any) -> str:
    if response.status_code in (301, 302, 303):
        return "L" if response["Location"].startswith("/accounts/sign-in/") else "R"
    return str(response.status_code)


def _api_operations(client: Client) -> list[tuple[str, str]]:
    document = client.get("/api/v1/openapi.json").json()
    return sorted((method.upper(), path) for path, ops in document["paths"].items() for method in ops)


def _api_call(world: World, role: str, method: str, path: str) -> str:
    params = {"slug": world.objects["organisation_slug"]}
    for name in world.objects:
        params.setdefault(name, world.objects[name])
    url = path
    for key, value in params.items():
        url = url.replace("{" + key + "}", str(value))
    if "{" in url:
        raise LookupError(f"{method} {path}: a path parameter is unknown to tests/security/world.py")
    headers = {"Authorization": f"Bearer {world.tokens[role]}"} if role != "anonymous" else {}
    response = Client().generic(method, url, "{}", content_type="application/json", headers=headers)
    return str(response.status_code)


@pytest.fixture
def world(db, settings) -> World:
    settings.JOINEDUP_REQUIRE_2FA = False
    settings.AXES_ENABLED = False
    return build_world()


def _check_pages(world: World) -> tuple[list[str], list[str]]:
    missing, wrong = [], []
    for name in _site_routes():
        url = _url_for(world, name)
        got = [_observed(_client(world, role).get(url)) for role in ROLES]
        if name not in PAGES:
            missing.append(f'    "{name}": "{" ".join(got)}",')
            continue
        want = PAGES[name].split()
        if got != want:
            wrong.append(f"{name} ({url}): expected {' '.join(want)}, got {' '.join(got)}")
            continue
        wrong += _check_posts(world, name, url, want)
    return missing, wrong


def _check_posts(world: World, name: str, url: str, want: list[str]) -> list[str]:
    """Whoever may not see a page may not post to it either (and learns nothing more from trying)."""
    wrong = []
    for role, expected in zip(ROLES, want, strict=True):
        if expected not in ("L", "404", "403"):
            continue
        got = _observed(_client(world, role).post(url, {}))
        if got not in (expected, "405"):
            wrong.append(f"POST {name} ({url}) as {role}: expected {expected}, got {got}")
    return wrong


def _check_api(world: World) -> tuple[list[str], list[str]]:
    missing, wrong = [], []
    for method, path in _api_operations(_client(world, "member")):
        key = f"{method} {path}"
        got = [_api_call(world, role, method, path) for role in ROLES]
        if key not in API:
            missing.append(f'    "{key}": "{" ".join(got)}",')
        elif got != API[key].split():
            wrong.append(f"{key}: expected {API[key]}, got {' '.join(got)}")
    return missing, wrong


def test_it_gives_every_route_and_api_operation_the_expected_answer_for_each_role(world):
    page_missing, page_wrong = _check_pages(world)
    api_missing, api_wrong = _check_api(world)
    if os.environ.get("SECURITY_MATRIX_PRINT"):
        print("\nPAGES\n" + "\n".join(page_missing) + "\nAPI\n" + "\n".join(api_missing))
    problems = []
    if page_missing or api_missing:
        problems.append(
            "No row in tests/security/test_permission_matrix.py for (observed answers shown; check them "
            "before pasting):\n" + "\n".join(page_missing + api_missing)
        )
    problems += page_wrong + api_wrong
    assert not problems, "\n".join(problems)
