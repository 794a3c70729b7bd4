from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import ApiToken, Role, TokenScope, User

API_TOKEN_MAX_DAYS = 365
NEEDS_SECOND_FACTOR = (
    "Coordinators and admins need two-factor authentication before they can have an API token: sign in to"
    " Joined Up and set up an authenticator app first."
)


def user_lacks_required_second_factor(*, user: User) -> bool:
    """True when the site demands a second factor of this user (JOINEDUP_REQUIRE_2FA and a coordinator or admin
    role) and they have no confirmed authenticator: such a user may neither make nor use an API token, which
    would otherwise let them skip the second factor."""
    if not settings.JOINEDUP_REQUIRE_2FA or not user.is_coordinator:
        return False
    return not TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def api_token_create(*, user: User, scope: str = TokenScope.READ, days: int | None = None) -> str:
    """Make a new API token for the user and return it; it is shown once and stored only as a digest.

    It expires after `days` (JOINEDUP_API_TOKEN_DAYS unless given, at most a year)."""
    days = settings.JOINEDUP_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise ValidationError({"days": f"A token lasts from 1 to {API_TOKEN_MAX_DAYS} days, not {days}."})
    if scope not in TokenScope.values:
        raise ValidationError({"scope": f"The scope is read or write, not {scope!r}."})
    if not user.is_active:
        raise ValidationError({"user": "This account is switched off."})
    if user_lacks_required_second_factor(user=user):
        raise ValidationError({"user": NEEDS_SECOND_FACTOR})
    raw = ApiToken.new_raw_token()
    now = timezone.now()
    ApiToken.objects.create(
        user=user,
        digest=ApiToken.digest_of(raw),
        scope=scope,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    return raw


def api_token_get(*, raw: str) -> ApiToken | None:
    """The token, if it may be used now: it exists, has not expired, and its user is active and has any second
    factor the site demands of them."""
    token = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(raw)).first()
    if token is None or token.expires_at <= timezone.now() or not token.user.is_active:
        return None
    if user_lacks_required_second_factor(user=token.user):
        return None
    return token


# A token's last use is recorded at most this often: an audit needs "used today", not a write on every request.
API_TOKEN_USE_RESOLUTION = timedelta(minutes=5)


def api_token_used(*, token: ApiToken) -> None:
    """Record that the token was just used, so an operator can see stale or unexpectedly busy tokens (the
    admin lists `last_used_at`). One UPDATE at most every few minutes a token, guarded in SQL so concurrent
    requests do not write twice."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < API_TOKEN_USE_RESOLUTION:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - API_TOKEN_USE_RESOLUTION)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def api_token_user(*, raw: str) -> User | None:
    token = api_token_get(raw=raw)
    return token.user if token is not None else None


@transaction.atomic
def user_create(*, email: str, name: str, password: str | None = None, role: str = Role.PARTICIPANT) -> User:
    user = User(email=email.strip().lower(), name=name.strip(), role=role)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user
