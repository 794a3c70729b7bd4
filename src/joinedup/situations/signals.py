"""Signals the situations app sends; higher apps connect to them in their AppConfig.ready()."""

from django.dispatch import Signal

# Sent by `seed-demo` once the demo people and situations exist (kwargs: seed), so that higher apps add theirs.
demo_seeded = Signal()
