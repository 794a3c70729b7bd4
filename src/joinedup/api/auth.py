from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from joinedup.accounts.services import api_token_user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a token from `joinedup api-token EMAIL`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(raw=token)
        if user is not None:
            request.user = user
        return user
