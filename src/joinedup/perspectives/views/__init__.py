"""Conversation pages. Members' pages fetch the conversation through `_get_conversation_for_user` (outsiders
get 404); the anonymous pages fetch it through `_get_conversation_for_link` (404 unless the link is on).
"""

from joinedup.perspectives.views.conversations import (
    conversation_create,
    conversation_list,
    detail,
    edit,
    new_link,
)
from joinedup.perspectives.views.doors import COOKIE_MAX_AGE, COOKIE_SALT
from joinedup.perspectives.views.link import join, link_statement_add, link_vote
from joinedup.perspectives.views.moderation import moderate, moderation
from joinedup.perspectives.views.participation import statement_add, statement_upload, vote
from joinedup.perspectives.views.reports import export, export_full, export_votes, report, summary

__all__ = [
    "COOKIE_MAX_AGE",
    "COOKIE_SALT",
    "conversation_create",
    "conversation_list",
    "detail",
    "edit",
    "export",
    "export_full",
    "export_votes",
    "join",
    "link_statement_add",
    "link_vote",
    "moderate",
    "moderation",
    "new_link",
    "report",
    "statement_add",
    "statement_upload",
    "summary",
    "vote",
]
