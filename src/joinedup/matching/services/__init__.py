"""Writes of matching. Jobs compute and write a result in one transaction; publishing is a second, atomic step."""

from joinedup.matching.services.events import (
    event_create,
    event_plan_compute,
    event_plan_start,
    event_register,
    event_unregister,
)
from joinedup.matching.services.feedback import (
    connection_ensure,
    match_feedback_give,
    match_follow_ups_send,
    match_rematch_request,
)
from joinedup.matching.services.preferences import block_add, block_remove, preference_save
from joinedup.matching.services.progress import Progress
from joinedup.matching.services.rounds import (
    match_round_compute,
    match_round_create,
    match_round_publish,
    match_round_send_introductions,
    match_round_start,
    round_score,
)
from joinedup.matching.services.secondments import (
    application_save,
    opportunity_create,
    opportunity_rank,
    scheme_compute,
    scheme_create,
    scheme_publish,
    scheme_send_allocations,
    scheme_start,
)

__all__ = [
    "Progress",
    "application_save",
    "block_add",
    "block_remove",
    "connection_ensure",
    "event_create",
    "event_plan_compute",
    "event_plan_start",
    "event_register",
    "event_unregister",
    "match_feedback_give",
    "match_follow_ups_send",
    "match_rematch_request",
    "match_round_compute",
    "match_round_create",
    "match_round_publish",
    "match_round_send_introductions",
    "match_round_start",
    "opportunity_create",
    "opportunity_rank",
    "preference_save",
    "round_score",
    "scheme_compute",
    "scheme_create",
    "scheme_publish",
    "scheme_send_allocations",
    "scheme_start",
]
