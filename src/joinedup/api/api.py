"""The JSON API under /api/v1/, documented at /api/v1/openapi.json. Each app adds its own router."""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.openapi.docs import Swagger

from joinedup.api.auth import ApiRateLimited, TokenAuth, TokenScopeError

api = NinjaAPI(
    title="Joined Up API",
    version="1",
    description="Organisations, places, people (respecting visibility) and situations (respecting membership).",
    auth=TokenAuth(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # The docs page passes axe (tests/browser/test_api_docs.py): no deep links, which Swagger UI puts inside each
    # operation's expand button (a link in a button: nested-interactive); the schema list is left out (each
    # operation shows its own schemas).
    docs=Swagger(settings={"deepLinking": False, "defaultModelsExpandDepth": -1}),
)


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = (
        "Authentication required: send the header 'Authorization: Bearer <token>' with a token from"
        " `joinedup api-token EMAIL` that has not expired."
    )
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(TokenScopeError)
def _read_only_token(request: HttpRequest, exc: TokenScopeError) -> HttpResponse:
    detail = (
        "This token may only read. Make one that may write with `joinedup api-token EMAIL --scope write`."
    )
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(ApiRateLimited)
def _rate_limited(request: HttpRequest, exc: ApiRateLimited) -> HttpResponse:
    detail = f"Too many requests for this token. Try again in {exc.seconds} seconds."
    response = api.create_response(request, {"detail": detail}, status=429)
    response["Retry-After"] = str(exc.seconds)
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # The message says what was not found, never whether it exists for someone else.
    detail = str(exc) or "Not found"
    return api.create_response(request, {"detail": detail}, status=404)


def _mount_routers() -> None:
    from joinedup.api import routers

    for prefix, router in routers.ALL:
        api.add_router(prefix, router)


_mount_routers()
