"""A fixed cast for the conversation pages: the situations cast (convener, member, outsider, admin) plus an
open conversation with three seed statements. Import the fixtures into a test module to use them."""

from dataclasses import dataclass

import pytest

from joinedup.perspectives.models import Conversation, Statement
from joinedup.perspectives.services import conversation_create
from tests.situations.personas import Cast, build_cast

SEEDS = [
    "Families are placed out of area without warning.",
    "Housing benefit rules stop people moving on.",
    "Councils and DWP share data well enough today.",
]


@dataclass
class SiteCast:
    people: Cast
    conversation: Conversation

    @property
    def statements(self) -> list[Statement]:
        return list(self.conversation.statements.order_by("number"))


def build_site_cast(*, anonymous: bool = True) -> SiteCast:
    people = build_cast()
    conversation = conversation_create(
        situation=people.situation,
        created_by=people.convener,
        title="Getting families out of B&Bs",
        question="What stops families moving on from temporary accommodation?",
        seed_statements=SEEDS,
        anonymous_enabled=anonymous,
    )
    return SiteCast(people, conversation)


@pytest.fixture
def site(db, settings) -> SiteCast:
    settings.PERSPECTIVES_REPORT_DELAY_SECONDS = 0
    return build_site_cast()


@pytest.fixture
def as_user(client):
    """Sign the test client in as a persona (None: stay anonymous)."""

    def sign_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


# Six statements after the seeds' three: central and local split on the first four, everyone agrees on one.
PATTERN_STATEMENTS = [
    "Central rules leave councils no room to act.",
    "Councils should hold the budget for temporary accommodation.",
    "National data on B&B stays is good enough.",
    "The current funding formula is fair.",
    "Families need one named caseworker.",
    "Out-of-area placements should need a second sign-off.",
]
# The vote of each side on PATTERN_STATEMENTS (+1 agree, -1 disagree, 0 pass).
SIDE_VOTES = {
    "central": [-1, -1, 1, 1, 1, 1],
    "local": [1, 1, -1, -1, 1, 1],
    "frontline": [1, 1, -1, 0, 1, 1],
    "service_user": [1, 0, -1, -1, 1, 1],
}
TWELVE = ["central"] * 5 + ["local"] * 5 + ["frontline", "service_user"]


def add_pattern_statements(site: SiteCast) -> list[Statement]:
    from joinedup.perspectives.services import statements_add_seed

    return statements_add_seed(
        conversation=site.conversation, actor=site.people.convener, texts=PATTERN_STATEMENTS
    )


def vote_pattern(participant, statements: list[Statement], perspective: str) -> None:
    from joinedup.perspectives.services import vote_cast

    for statement, value in zip(statements, SIDE_VOTES[perspective], strict=True):
        vote_cast(participant=participant, statement_id=statement.pk, value=value)
