#!/usr/bin/env python
"""Django's manage.py; `joinedup` (the console script) does the same."""

from joinedup.cli import main

if __name__ == "__main__":
    main()
