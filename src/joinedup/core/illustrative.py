"""Demo data is illustrative: made-up people and what they made, marked as such wherever it appears.

Every demo person's email is at DEMO_DOMAIN (a reserved .invalid domain, so no one real can have it); anything
a demo person created is demo data too. Core knows only the domain: the apps' demo modules use it.
"""

from typing import Any

DEMO_DOMAIN = "demo.joinedup.invalid"


def is_illustrative(obj: Any) -> bool:
    """True for a demo user, a profile of one, or an object created by one (`created_by`, `situation`)."""
    email = getattr(obj, "email", "") or ""
    if isinstance(email, str) and email.endswith(f"@{DEMO_DOMAIN}"):
        return True
    for attr in ("created_by", "user", "situation"):
        related = getattr(obj, attr, None)
        if related is not None and related is not obj and is_illustrative(related):
            return True
    return False
