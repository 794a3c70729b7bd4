import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from joinedup.perspectives.models import Conversation
from joinedup.situations.models import Situation

DATA = Path(__file__).parent / "data" / "brexit-consensus"

pytestmark = pytest.mark.django_db


def _situation() -> Situation:
    return Situation.objects.create(title="Brexit and the local economy", framing="How it looks from here")


def test_it_imports_an_export_into_a_situation() -> None:
    situation = _situation()
    call_command("perspectives", "import", "--polis-dir", str(DATA), "--situation", str(situation.pk))
    conversation = Conversation.objects.get(situation=situation)
    assert conversation.statements.count() == 50
    assert conversation.participants.count() == 204


def test_it_refuses_an_unknown_situation() -> None:
    with pytest.raises(CommandError, match="no situation with id 999999"):
        call_command("perspectives", "import", "--polis-dir", str(DATA), "--situation", "999999")


def test_it_imports_nothing_from_a_malformed_export(tmp_path: Path) -> None:
    situation = _situation()
    broken = tmp_path / "broken"
    shutil.copytree(DATA, broken)
    with (broken / "comments.csv").open("a", encoding="utf-8") as f:
        f.write("1,x,77,0,0,0,2,bad moderation\n")
    with pytest.raises(CommandError, match="comments.csv line 52: moderated must be one of -1, 0, 1"):
        call_command("perspectives", "import", "--polis-dir", str(broken), "--situation", str(situation.pk))
    assert not Conversation.objects.exists()
