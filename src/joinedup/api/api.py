"""The JSON API under /api/v1/, documented at /api/v1/openapi.json. Each app adds its own router."""

from ninja import NinjaAPI

from joinedup.api.auth import TokenAuth

api = NinjaAPI(
    title="Joined Up API",
    version="1",
    description="Organisations, places, people (respecting visibility) and situations (respecting membership).",
    auth=TokenAuth(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _mount_routers() -> None:
    from joinedup.api import routers

    for prefix, router in routers.ALL:
        api.add_router(prefix, router)


_mount_routers()
