"""The `joinedup` command: Django's manage.py with Joined Up's settings.

`joinedup load-reference`, `joinedup seed-demo --people 2000`, `joinedup runserver` ... every management
command, ours and Django's, is reached the same way. Command groups such as `joinedup match run` are
management commands with subcommands.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "joinedup"
    if args[1:2] == ["systems"]:
        _run_file_command(args)
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


def _run_file_command(args: list[str]) -> None:
    """`joinedup systems ...` reads and writes files only (no database, no other app), so it runs without
    loading every app: a map past its limits is refused in a fraction of a second, not after Django's whole
    start-up (docs/benchmarks/systems.md). Settings still come from the environment as for every command."""
    from joinedup.systemmaps.management.commands.systems import Command

    Command().run_from_argv(args)


if __name__ == "__main__":
    main()
