"""Single sign-on with a department's or council's own identity provider (OpenID Connect).

The protocol is mozilla-django-oidc's (authorisation code flow with PKCE, state and nonce, ID token signature
checked against the provider's published keys). What is ours: several providers at once, each trusted only for
the email domains it is configured for, chosen from the address a person types; and what a sign-on does to the
account. Local accounts and their password sign-in work as before, and the second-factor rule (coordinators and
admins) applies after a sign-on exactly as after a password (accounts.middleware).

Providers come from the environment (settings.JOINEDUP_SSO_PROVIDERS, read from SSO_PROVIDERS; docs/operations.md).
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from joinedup.accounts import services
from joinedup.accounts.models import User
from joinedup.accounts.signals import signed_on

SESSION_PROVIDER = "joinedup_sso_provider"
SESSION_EMAIL = "joinedup_sso_email"
DISCOVERY_SECONDS = 3600
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    domains: tuple[str, ...]
    client_id: str
    client_secret: str
    issuer: str = ""
    organisation: str = ""  # slug of the Organisation new accounts from this provider belong to
    sign_algo: str = "RS256"
    endpoints: tuple[tuple[str, str], ...] = ()  # explicit endpoints; otherwise discovered from the issuer

    def trusts(self, email: str) -> bool:
        return domain_of(email) in self.domains


def domain_of(email: str) -> str:
    return email.strip().lower().rpartition("@")[2]


def _provider(entry: Mapping[str, Any]) -> Provider:
    if entry.get("client_secret_env"):  # the secret may live in a variable of its own
        entry = {**entry, "client_secret": os.environ.get(str(entry["client_secret_env"]), "")}
    missing = [k for k in ("key", "name", "domains", "client_id", "client_secret") if not entry.get(k)]
    explicit = tuple((k, str(entry[k])) for k in ENDPOINTS if entry.get(k))
    if not entry.get("issuer") and len(explicit) < len(ENDPOINTS):
        missing.append("issuer (or all of " + ", ".join(ENDPOINTS) + ")")
    if missing:
        raise ImproperlyConfigured(
            f"SSO_PROVIDERS entry {entry.get('key', '?')!r} lacks {', '.join(missing)}"
        )
    return Provider(
        key=str(entry["key"]),
        name=str(entry["name"]),
        domains=tuple(d.strip().lower().lstrip("@") for d in entry["domains"]),
        client_id=str(entry["client_id"]),
        client_secret=str(entry["client_secret"]),
        issuer=str(entry.get("issuer", "")).rstrip("/"),
        organisation=str(entry.get("organisation", "")),
        sign_algo=str(entry.get("sign_algo", "RS256")),
        endpoints=explicit,
    )


def providers() -> list[Provider]:
    return [_provider(entry) for entry in getattr(settings, "JOINEDUP_SSO_PROVIDERS", [])]


def provider_for_email(email: str) -> Provider | None:
    return next((p for p in providers() if p.trusts(email)), None)


def provider_in_session(request: HttpRequest) -> Provider | None:
    key = request.session.get(SESSION_PROVIDER)
    return next((p for p in providers() if p.key == key), None)


def endpoints(provider: Provider) -> dict[str, str]:
    """The provider's endpoints: as configured, or from its discovery document (cached for an hour)."""
    if provider.endpoints:
        return dict(provider.endpoints)
    cache_key = f"sso-discovery:{provider.issuer}"
    found = cache.get(cache_key)
    if found is None:
        response = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=10)
        response.raise_for_status()
        document = response.json()
        if str(document.get("issuer", "")).rstrip("/") != provider.issuer:
            raise ImproperlyConfigured(f"{provider.key}: the discovery document names another issuer")
        found = {k: str(document[k]) for k in ENDPOINTS}
        cache.set(cache_key, found, DISCOVERY_SECONDS)
    return dict(found)


class OrganisationSignOnBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, set up per sign-in from the provider chosen for the person's domain."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads one provider from settings here; ours is chosen per request in authenticate().
        self.UserModel = User
        self.provider: Provider | None = None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or "username" in kwargs or "password" in kwargs:
            return None  # a password sign-in: not ours
        provider = provider_in_session(request)
        if provider is None or "code" not in request.GET:
            return None
        urls = endpoints(provider)
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = urls["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = urls["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = urls["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = provider.sign_algo
        self.OIDC_RP_IDP_SIGN_KEY = None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        """A verified address in one of this provider's domains: a council's provider cannot sign in a
        department's staff, however its claims are written."""
        email = str(claims.get("email", ""))
        return (
            self.provider is not None
            and "@" in email
            and claims.get("email_verified", True) is not False
            and self.provider.trusts(email)
        )

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return User.objects.filter(email__iexact=str(claims["email"]).strip())

    def create_user(self, claims: dict[str, Any]) -> User:
        user = services.user_create(email=str(claims["email"]), name=_name(claims))
        self._announce(user, claims, created=True)
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        name = _name(claims)
        if name and name != user.name:
            user.name = name
            user.save(update_fields=["name"])
        self._announce(user, claims, created=False)
        return user

    def _announce(self, user: User, claims: dict[str, Any], *, created: bool) -> None:
        assert self.provider is not None
        signed_on.send(
            sender=User, user=user, claims=claims, organisation=self.provider.organisation, created=created
        )


def _name(claims: dict[str, Any]) -> str:
    name = str(claims.get("name") or "").strip()
    if not name:
        name = " ".join(str(claims.get(k) or "").strip() for k in ("given_name", "family_name")).strip()
    return name or str(claims["email"]).partition("@")[0]
