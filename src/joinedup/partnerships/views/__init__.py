"""Partnership pages, split along their words: the charter, its people, its plan, health checks, programmes.
Every page fetches the partnership through views.doors (404 for anyone not in it). This package exports the
views so that urls.py names them in one place.
"""

from joinedup.partnerships.views.charter import (
    close,
    confirm,
    create,
    detail,
    edit,
    history,
    partnership_list,
    transition,
)
from joinedup.partnerships.views.checks import (
    answer_code,
    answer_link,
    answered,
    check,
    close_check,
    enter_code,
    issue_codes,
    schedule_check,
)
from joinedup.partnerships.views.people import (
    add_champion,
    add_participant,
    champion_left,
    declare,
    remove_participant,
)
from joinedup.partnerships.views.plan import (
    add_cost,
    add_deliverable,
    add_milestone,
    edit_deliverable,
    remove_cost,
)
from joinedup.partnerships.views.programmes import programme, programme_csv, programme_list

__all__ = [
    "add_champion",
    "add_cost",
    "add_deliverable",
    "add_milestone",
    "add_participant",
    "answer_code",
    "answer_link",
    "answered",
    "champion_left",
    "check",
    "close",
    "close_check",
    "confirm",
    "create",
    "declare",
    "detail",
    "edit",
    "edit_deliverable",
    "enter_code",
    "history",
    "issue_codes",
    "partnership_list",
    "programme",
    "programme_csv",
    "programme_list",
    "remove_cost",
    "remove_participant",
    "schedule_check",
    "transition",
]
