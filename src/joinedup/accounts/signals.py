"""Signals accounts sends to the apps above it (which may not be imported from here).

signed_on: a person signed in through their organisation's identity provider. Keyword arguments: user,
claims (the provider's userinfo), organisation (the slug configured for that provider, or ""), created (the
account was made by this sign-on). people turns it into a profile in the right organisation.
"""

from django.dispatch import Signal

signed_on = Signal()
