from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class CoreConfig(AppConfig):
    name = "joinedup.core"
    label = "core"


class StaticFilesConfig(BaseStaticFilesConfig):
    """django.contrib.staticfiles, leaving out django-ninja's ReDoc viewer: the API docs use Swagger UI, and
    ReDoc's 4 MB (script and source map) only slowed every collectstatic."""

    ignore_patterns = [
        *BaseStaticFilesConfig.ignore_patterns,
        "redoc.standalone.js",
        "redoc.standalone.js.map",
    ]
