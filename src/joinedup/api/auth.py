from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from joinedup.accounts.services import api_token_get, api_token_used
from joinedup.core.ratelimits import by_address, by_user, retry_after

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ApiRateLimited(Exception):
    def __init__(self, seconds: int) -> None:
        super().__init__(f"Too many requests: try again in {seconds} seconds")
        self.seconds = seconds


class TokenScopeError(Exception):
    """A read token sent with a request that writes."""


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a token from `joinedup api-token EMAIL`.

    Every request counts against the token user's rate limit (or the address's, while the token is not valid);
    a request that writes (any method but GET, HEAD and OPTIONS) needs a token with the write scope.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_get(raw=token)
        if found is None:
            seconds = retry_after(request, "api:no-token", by_address, increment=True)
            if seconds is not None:
                raise ApiRateLimited(seconds)
            return None
        request.user = found.user
        api_token_used(token=found)
        seconds = retry_after(request, "api", by_user, increment=True)
        if seconds is not None:
            raise ApiRateLimited(seconds)
        if request.method not in SAFE_METHODS and not found.may_write:
            raise TokenScopeError()
        return found.user
