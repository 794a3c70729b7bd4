"""Django settings for Joined Up.

Development (the default) runs on SQLite with a console email backend. Production is chosen by
JOINEDUP_ENV=production and refuses to start without DJANGO_SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import json
import os
import re
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from whitenoise.compress import Compressor

from joinedup.env import ConfigurationError, env_bool, env_int, env_list, env_str

# Typing: Django's generic classes (admin.ModelAdmin[Model], forms.ModelForm[Model]) subscriptable at run time.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env_str("JOINEDUP_HOME", str(Path.cwd())))

JOINEDUP_ENV = env_str("JOINEDUP_ENV", "development")
if JOINEDUP_ENV not in {"development", "production"}:
    raise ConfigurationError(f"JOINEDUP_ENV must be development or production, not {JOINEDUP_ENV!r}")
PRODUCTION = JOINEDUP_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ConfigurationError("ALLOWED_HOSTS must be set in the environment")
    DATABASE_URL = env_str("DATABASE_URL")
    DEBUG = False
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "development-only-key-not-for-production-use-0123456789")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'joinedup.sqlite3'}")
    # Off unless asked for (DJANGO_DEBUG=True): Django's debug pages show settings and code to whoever
    # triggers an error, and `make demo` is often shown on a shared network. Static files do not need it:
    # WhiteNoise serves them from the package (WHITENOISE_USE_FINDERS below).
    DEBUG = env_bool("DJANGO_DEBUG", False)

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; a busy timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "joinedup.core.apps.StaticFilesConfig",  # django.contrib.staticfiles, without files nothing serves
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "django_ratelimit",  # its system checks refuse a cache that is not shared or not atomic
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "joinedup.core",
    "joinedup.accounts",
    "joinedup.places",
    "joinedup.people",
    "joinedup.situations",
    "joinedup.jobs",
    "joinedup.notifications",
    "joinedup.invitations",
    "joinedup.partnerships",
    "joinedup.systemmaps",
    "joinedup.perspectives",
    "joinedup.learning",
    "joinedup.spending",
    "joinedup.matching",
    "joinedup.api",
    # Listed so that the API docs page (/api/v1/docs) serves Swagger UI from django-ninja's own static files,
    # not a CDN, which the CSP (self only) would block.
    "ninja",
]

# Background work (docs/adr/0013): Django's tasks API on the database backend; `joinedup worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "joinedup.core.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "joinedup.accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "joinedup.core.middleware.DatabaseUnavailableMiddleware",
    # Axes must be last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "joinedup.accounts.backends.SignInLimitsBackend",
    "joinedup.accounts.sso.OrganisationSignOnBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Single sign-on (OpenID Connect) per organisation email domain: a JSON list in SSO_PROVIDERS, one object per
# identity provider (docs/operations.md). None configured: the sign-in page offers passwords only.
JOINEDUP_SSO_PROVIDERS = json.loads(os.environ.get("SSO_PROVIDERS") or "[]")
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso-callback"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = True

ROOT_URLCONF = "joinedup.urls"
WSGI_APPLICATION = "joinedup.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "joinedup.core.context_processors.service",
                "joinedup.notifications.context_processors.unread",
            ],
        },
    }
]
FORM_RENDERER = "joinedup.core.forms.GovukFormRenderer"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# The compiled GOV.UK Frontend, vendored scripts and our own CSS/JS live in the package's static folder.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Development and tests serve static files straight from the package, no collectstatic needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Source maps are fetched only by developer tools: compressing them (brotli at its best) took minutes.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# Email: SMTP when EMAIL_HOST is set (always in production); the console otherwise. See docs/operations.md.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Joined Up <no-reply@joinedup.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if PRODUCTION or os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")  # empty: no login
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Links in emails (invitations, notifications, unsubscribe) start with this. In production it defaults to HTTPS on
# the first allowed host, never to localhost: an email link to localhost would reach nobody.
JOINEDUP_SITE_URL = env_str(
    "JOINEDUP_SITE_URL", f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://localhost:8000"
).rstrip("/")
# How long an invitation's link works.
JOINEDUP_INVITATION_DAYS = env_int("JOINEDUP_INVITATION_DAYS", 14)

# Failed sign-ins: five tries, then an hour's lock-out for that account from that address. Failures per account
# across addresses and per address across accounts are counted too (JOINEDUP_RATE_SIGN_IN_FAILURES_* below).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Two-factor authentication (TOTP) for coordinators and admins: on in production unless turned off on purpose;
# off by default in development so that `make demo` signs straight in.
JOINEDUP_REQUIRE_2FA = env_bool("JOINEDUP_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "Joined Up"

# Security headers. The CSP allows only our own scripts and styles, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A form whose CSRF check fails gets the service's own page, not Django's.
CSRF_FAILURE_VIEW = "joinedup.core.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The TLS proxy in front must set X-Forwarded-Proto (and strip it from what clients send): see
    # docs/operations.md. /healthz answers over plain HTTP too, for the proxy's or orchestrator's health checks.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "joinedup": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO"), "propagate": False}
    },
}

# How many anonymous answers a split needs before it is shown (DESIGN.md: "no split below 5").
JOINEDUP_MIN_ANONYMOUS_GROUP = 5
JOINEDUP_DIRECTORY_PAGE_SIZE = 25

# --- Shared cache and rate limits (docs/security.md, "Rate limits") -----------------------------------------------
# Counters must be shared by every web process: Redis when REDIS_URL is set, otherwise a table in the database
# (`joinedup createcachetable` makes it; `make demo` and CI run it). Both count atomically.
REDIS_URL = env_str("REDIS_URL", "-")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL != "-":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "joinedup.core.cache.AtomicDatabaseCache",
            "LOCATION": "joinedup_cache",
            # Culling live counters would reset them, so the table may grow large; expired rows go first.
            "OPTIONS": {"MAX_ENTRIES": env_int("JOINEDUP_CACHE_MAX_ENTRIES", 1_000_000)},
        }
    }
# django-ratelimit knows neither backend by name; both increment atomically (see joinedup/core/cache.py).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
RATELIMIT_ENABLE = env_bool("JOINEDUP_RATE_LIMITS_ENABLED", True)
# Behind N reverse proxies that each append to X-Forwarded-For, the client is the Nth address from the right;
# with 0 it is REMOTE_ADDR. Production runs behind one proxy (docs/operations.md), development behind none.
# Rate limits and Axes read the address the same way.
JOINEDUP_TRUSTED_PROXIES = env_int("JOINEDUP_TRUSTED_PROXIES", 1 if PRODUCTION else 0)
RATELIMIT_IP_META_KEY = "joinedup.core.ratelimits.client_address"
AXES_CLIENT_IP_CALLABLE = "joinedup.core.ratelimits.client_address"
# Rates are "count/period" with period s, m, h or d (e.g. 30/m, 60/15m). Each is read from the environment.
JOINEDUP_RATE_LIMITS = {
    # One anonymous participant (their cookie and address): votes and new statements.
    "participate": env_str("JOINEDUP_RATE_PARTICIPATE", "30/m"),
    # One address: new anonymous identities (joining a conversation link, answering a health check).
    "participate-new": env_str("JOINEDUP_RATE_PARTICIPATE_NEW", "60/h"),
    # One address: sign-in posts, and password-reset requests (each sends an email).
    "sign-in": env_str("JOINEDUP_RATE_SIGN_IN", "30/m"),
    "password-reset": env_str("JOINEDUP_RATE_PASSWORD_RESET", "10/h"),
    # Failed sign-ins for one account from any address (stuffing), and from one address for any account (spraying).
    "sign-in-failures-account": env_str("JOINEDUP_RATE_SIGN_IN_FAILURES_ACCOUNT", "20/15m"),
    "sign-in-failures-address": env_str("JOINEDUP_RATE_SIGN_IN_FAILURES_ADDRESS", "50/15m"),
    # One signed-in person: adding people by email address (situations, partnerships, match blocks).
    "add-person": env_str("JOINEDUP_RATE_ADD_PERSON", "60/h"),
    # One API token's user (or address, before authentication): API requests.
    "api": env_str("JOINEDUP_RATE_API", "600/m"),
}
for _name, _rate in JOINEDUP_RATE_LIMITS.items():
    if not re.fullmatch(r"[1-9][0-9]*/[0-9]*[smhd]", _rate):
        raise ConfigurationError(f"The {_name} rate limit must look like 30/m or 60/15m, not {_rate!r}")
# API tokens (docs/security.md, "API tokens"): how long a new token lasts.
JOINEDUP_API_TOKEN_DAYS = env_int("JOINEDUP_API_TOKEN_DAYS", 90)

# --- System maps: bounded inputs and the background analysis (docs/security.md, "Bounded inputs") ---
# Every map import (site and command line) is refused past these; the forms stop a map growing past them.
SYSTEMMAPS_MAX_FILE_BYTES = env_int("SYSTEMMAPS_MAX_FILE_BYTES", 2_000_000)
SYSTEMMAPS_MAX_FACTORS = env_int("SYSTEMMAPS_MAX_FACTORS", 2_000)
SYSTEMMAPS_MAX_LINKS = env_int("SYSTEMMAPS_MAX_LINKS", 10_000)
SYSTEMMAPS_MAX_LABEL = 200  # the database column's length: lower it if you like, never raise it
# Maps up to this size are analysed as their page is drawn; bigger ones by a background job.
SYSTEMMAPS_INLINE_MAX_FACTORS = env_int("SYSTEMMAPS_INLINE_MAX_FACTORS", 150)
SYSTEMMAPS_INLINE_MAX_LINKS = env_int("SYSTEMMAPS_INLINE_MAX_LINKS", 600)
SYSTEMMAPS_ANALYSIS_TIME_LIMIT = env_int("SYSTEMMAPS_ANALYSIS_TIME_LIMIT", 120)
