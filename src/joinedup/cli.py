"""The `joinedup` command: Django's manage.py with Joined Up's settings.

`joinedup load-reference`, `joinedup seed-demo --people 2000`, `joinedup runserver` ... every management
command, ours and Django's, is reached the same way. Command groups such as `joinedup match run` are
management commands with subcommands.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "joinedup"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
