from django.contrib import admin

from joinedup.matching.models import (
    Application,
    Block,
    Event,
    Feedback,
    Match,
    MatchRound,
    Opportunity,
    Preference,
    Registration,
    SecondmentScheme,
    Unmatched,
)


@admin.register(MatchRound)
class MatchRoundAdmin(admin.ModelAdmin[MatchRound]):
    list_display = ["name", "kind", "status", "created_at", "published_at"]
    list_filter = ["kind", "status"]
    filter_horizontal = ["places", "policy_areas"]


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin[Match]):
    list_display = ["round", "person_a", "person_b", "third", "score"]
    list_filter = ["round"]
    raw_id_fields = ["person_a", "person_b", "third", "arranger"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin[Preference]):
    list_display = ["profile", "kind", "active", "paused_until", "mode", "role"]
    list_filter = ["kind", "active", "mode"]
    raw_id_fields = ["profile"]


@admin.register(SecondmentScheme)
class SchemeAdmin(admin.ModelAdmin[SecondmentScheme]):
    list_display = ["name", "status", "closes_on"]


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin[Opportunity]):
    list_display = ["title", "scheme", "place", "capacity"]
    raw_id_fields = ["host"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ["title", "kind", "starts_on", "table_size"]


for model in (Block, Unmatched, Feedback, Application, Registration):
    profiles = [f.name for f in model._meta.fields if getattr(f.related_model, "__name__", "") == "Profile"]
    admin.site.register(model, raw_id_fields=profiles)
