from django.db import transaction

from joinedup.accounts.models import ApiToken, Role, User


def api_token_create(*, user: User) -> str:
    """Make a new API token for the user and return it; it is shown once and stored only as a digest."""
    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(raw))
    return raw


def api_token_user(*, raw: str) -> User | None:
    token = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(raw)).first()
    if token is None or not token.user.is_active:
        return None
    return token.user


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
