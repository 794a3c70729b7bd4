"""Perspectives: Pol.is-style conversations in a situation, with the split by side of government."""
