"""Conversations in the Django admin: admins only, since conversations are as private as their situations."""

from django.contrib import admin

from joinedup.core.admin import AdminsOnly
from joinedup.perspectives.models import Conversation, OpinionReport, Participant, Statement


class StatementInline(AdminsOnly, admin.TabularInline[Statement, Conversation]):
    model = Statement
    fields = ["number", "text", "status", "is_seed", "is_meta"]
    readonly_fields = ["number"]
    extra = 0


@admin.register(Conversation)
class ConversationAdmin(AdminsOnly, admin.ModelAdmin[Conversation]):
    list_display = ["title", "situation", "is_open", "anonymous_enabled", "created_at"]
    list_filter = ["is_open", "anonymous_enabled"]
    search_fields = ["title", "question", "situation__title"]
    inlines = [StatementInline]


@admin.register(Statement)
class StatementAdmin(AdminsOnly, admin.ModelAdmin[Statement]):
    list_display = ["text", "conversation", "number", "status", "is_seed"]
    list_filter = ["status", "is_seed"]
    search_fields = ["text"]


@admin.register(Participant)
class ParticipantAdmin(AdminsOnly, admin.ModelAdmin[Participant]):
    list_display = ["__str__", "perspective", "user", "created_at"]
    list_filter = ["perspective"]
    exclude = ["anonymous_key"]


@admin.register(OpinionReport)
class OpinionReportAdmin(AdminsOnly, admin.ModelAdmin[OpinionReport]):
    list_display = ["conversation", "computed_at", "participant_count", "statement_count", "vote_count"]
    readonly_fields = [
        "conversation",
        "data",
        "participant_count",
        "statement_count",
        "vote_count",
        "computed_at",
    ]
