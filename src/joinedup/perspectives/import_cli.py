"""`joinedup perspectives import --polis-dir DIR --situation ID [--title T]`: load a Pol.is export into a situation.

The `perspectives` command calls `add_import_parser(sub)` when it builds its subcommands and
`handle_import(command, options)` for the "import" action. All or nothing: a malformed file (named with its
line) or an unknown situation writes nothing.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from joinedup.perspectives.polis_io import PolisFormatError, polis_export_read
from joinedup.perspectives.services import conversation_import_polis
from joinedup.situations.models import Situation


def add_import_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "import", help="Load a Pol.is openData export into a situation as a conversation."
    )
    parser.add_argument(
        "--polis-dir", required=True, type=Path, help="folder with comments.csv and votes.csv"
    )
    parser.add_argument(
        "--situation", required=True, type=int, help="the id of the situation to load it into"
    )
    parser.add_argument("--title", default="", help="the conversation's title (default: the folder's name)")


def handle_import(command: BaseCommand, options: dict[str, Any]) -> None:
    directory: Path = options["polis_dir"]
    situation = Situation.objects.filter(pk=options["situation"]).first()
    if situation is None:
        raise CommandError(f"There is no situation with id {options['situation']}")
    try:
        export = polis_export_read(directory)
    except (PolisFormatError, FileNotFoundError) as e:
        raise CommandError(str(e)) from e
    conversation = conversation_import_polis(
        situation=situation,
        export=export,
        title=options.get("title") or directory.name or "Imported conversation",
    )
    command.stdout.write(
        f"Imported {len(export.comments)} statements and {conversation.participants.count()} participants "
        f"into conversation {conversation.pk} (“{conversation.title}”) of situation {situation.pk}; "
        "its report is queued."
    )
