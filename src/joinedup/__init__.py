"""Joined Up: joined-up working between central and local government."""

__version__ = "0.1.0"
