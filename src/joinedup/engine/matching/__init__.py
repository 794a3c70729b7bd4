"""Matching: introductions across the central/local line.

One-to-one rounds (`rounds.run_round`), secondments (`secondments`) and event tables (`tables`), on plain
records (`model.Person`). See docs/adr/0006-matching-engine.md for the method and its guarantees.
"""
