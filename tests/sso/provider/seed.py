"""Set up the test provider: its signing key, a relying party (Joined Up) and people who can sign in.

Run as `python -m tests.sso.provider.seed CLIENT_ID CLIENT_SECRET REDIRECT_URI` with the provider's settings.
"""

import sys

import django


def main(client_id: str, client_secret: str, redirect_uri: str) -> None:
    django.setup()
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.contrib.auth.models import User
    from oidc_provider.models import Client, ResponseType, RSAKey

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    RSAKey.objects.create(key=pem.decode())
    client = Client.objects.create(
        name="Joined Up", client_type="confidential", client_id=client_id, client_secret=client_secret,
        jwt_alg="RS256", require_consent=False, reuse_consent=True,
    )  # fmt: skip
    client.redirect_uris = [redirect_uri]
    client.save()
    client.response_types.add(ResponseType.objects.get(value="code"))
    people = [
        ("ann", "Ann", "Archer", "ann.archer@leeds.gov.uk"),
        (
            "sam",
            "Sam",
            "Stone",
            "sam.stone@example.org",
        ),  # a domain Joined Up does not trust this provider for
    ]
    for username, first, last, email in people:
        User.objects.create_user(username, email, "provider-password", first_name=first, last_name=last)


if __name__ == "__main__":
    main(*sys.argv[1:4])
