"""The health-check questionnaire: five dimensions, two items each, three "shrug" items, one question to talk about.

Items are adapted from two validated instruments (see docs/health-check-items.md for the sources and the mapping):
PAT = the Partnership Assessment Tool (Hardy, Hudson & Waddington, Nuffield Institute for Health, 2000; ODPM 2003);
WCFI = the Wilder Collaboration Factors Inventory (Mattessich, Murray-Close & Monsey 2001; Mattessich & Johnson 2018).
Thirteen rated items keep the median answer time under two minutes.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    code: str
    dimension: str
    text: str
    source: str


DIMENSIONS: list[tuple[str, str]] = [
    ("trust", "Trust"),
    ("flexibility", "Flexibility"),
    ("honesty", "Honesty"),
    ("clarity", "Clarity"),
    ("sustainability", "Sustainability"),
]
DIMENSION_NAMES = dict(DIMENSIONS)
SHRUG = "shrug"

ITEMS: list[Item] = [
    Item(
        "trust_1",
        "trust",
        "People in this partnership trust one another to do what they said they would.",
        "WCFI factor: mutual respect, understanding and trust; PAT principle 4: develop and maintain trust",
    ),
    Item(
        "trust_2",
        "trust",
        "The other side's contribution is valued as much as ours.",
        "PAT principle 4: develop and maintain trust",
    ),
    Item(
        "flexibility_1",
        "flexibility",
        "We are open to changing how we work when something is not working.",
        "WCFI factors: flexibility; adaptability",
    ),
    Item(
        "flexibility_2",
        "flexibility",
        "Each side is willing to bend its usual rules and processes for the shared outcome.",
        "WCFI factor: flexibility; PAT principle 3: ensure commitment and ownership",
    ),
    Item(
        "honesty_1",
        "honesty",
        "People say what they cannot deliver, not only what they can.",
        "WCFI factor: open and frequent communication; PAT principle 4: develop and maintain trust",
    ),
    Item(
        "honesty_2",
        "honesty",
        "Problems are raised early and openly between the sides.",
        "WCFI factor: open and frequent communication",
    ),
    Item(
        "clarity_1",
        "clarity",
        "I know what this partnership is for and what it will deliver.",
        "PAT principle 2: develop clarity and realism of purpose; WCFI factor: concrete, attainable goals",
    ),
    Item(
        "clarity_2",
        "clarity",
        "Roles and responsibilities on each side are clear.",
        "WCFI factor: multiple layers of participation / clear roles; PAT principle 5: clear and robust arrangements",
    ),
    Item(
        "sustainability_1",
        "sustainability",
        "The partnership has the people, time and money it needs.",
        "WCFI factor: sufficient funds, staff, materials and time",
    ),
    Item(
        "sustainability_2",
        "sustainability",
        "There are senior people on both sides who will keep this going.",
        "PAT principle 3: ensure commitment and ownership; WCFI factor: skilled leadership",
    ),
    Item(
        "shrug_last",
        SHRUG,
        "Will this last beyond the people who started it?",
        "Frontline 'shrug' item; PAT principle 6: monitor, measure and learn",
    ),
    Item(
        "shrug_priorities",
        SHRUG,
        "Does this match our real priorities on the ground?",
        "Frontline 'shrug' item; WCFI factor: members see collaboration as in their self-interest",
    ),
    Item(
        "shrug_obstacles",
        SHRUG,
        "Can we shift the obstacles that get in the way?",
        "Frontline 'shrug' item; WCFI factor: ability to compromise / adaptability",
    ),
]
ITEM_CODES = [item.code for item in ITEMS]
RATED_DIMENSIONS = [code for code, _ in DIMENSIONS] + [SHRUG]

SCALE: list[tuple[int, str]] = [
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neutral"),
    (4, "Agree"),
    (5, "Strongly agree"),
]
SHRUG_SCALE: list[tuple[int, str]] = [
    (1, "No"),
    (2, "Probably not"),
    (3, "Not sure"),
    (4, "Probably"),
    (5, "Yes"),
]


def items_of(dimension: str) -> list[Item]:
    return [item for item in ITEMS if item.dimension == dimension]
