import os

import pytest
from django.core import mail  # noqa: F401  (makes the locmem outbox available to tests)

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the same thread are
# still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
