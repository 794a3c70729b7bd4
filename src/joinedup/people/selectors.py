"""Reads of people, always through what the viewer may see."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.expressions import Col, RawSQL
from django.db.models.functions import Coalesce, Concat
from django.db.models.sql.compiler import SQLCompiler

from joinedup.accounts.actors import Actor, User
from joinedup.people.csvrows import PersonRow, Reference
from joinedup.people.models import Connection, PolicyArea, Profile, Visibility
from joinedup.people.textsearch import (
    fts5_match,
    fts5_match_any,
    postgres_tsquery,
    postgres_tsquery_any,
    query_words,
    search_words,
)
from joinedup.places.models import Organisation, Place


def profiles_visible_to(user: Actor) -> QuerySet[Profile]:
    """Profiles this user may see: signed-in-visible ones, their own, and connections-only ones they are linked to."""
    if not getattr(user, "is_authenticated", False):
        return Profile.objects.none()
    base = Profile.objects.filter(user__is_active=True)
    if getattr(user, "is_admin", False):
        return base
    own = getattr(user, "profile", None)
    if own is None:
        return base.filter(visibility=Visibility.SIGNED_IN)
    connected = Connection.objects.filter(Q(person_a=own) | Q(person_b=own)).values_list(
        "person_a", "person_b"
    )
    connected_ids = {pk for pair in connected for pk in pair}
    return base.filter(Q(visibility=Visibility.SIGNED_IN) | Q(pk=own.pk) | Q(pk__in=connected_ids))


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory's search box and filters ask for; empty values mean "any"."""

    q: str = ""
    sector: str = ""
    organisation: str = ""
    place: Place | None = None
    policy_area: PolicyArea | None = None
    level: str = ""
    both_sides: bool = False
    order: str = ""  # "relevance" (the default when there is a search) or "name"


@dataclass(frozen=True)
class DirectoryResults:
    """The directory's answer: the people in order, and how the search was read."""

    people: QuerySet[Profile]
    words: list[str]  # the words searched for, after dropping the filler of a plain-English request
    every_word: bool  # False when no one had every word, and the people shown have some of them
    order: str  # "relevance" or "name"
    asked_order: str = ""  # what the person asked for: "" (best match first) or "name"


def profile_directory_ranked(*, user: Actor, filters: DirectoryFilters) -> DirectoryResults:
    """The directory's search: the visible people matching every filter, ranked by how well they match the words.

    The words are those of a plain-English request ("someone who knows adult social care in Leeds" searches for
    adult, social, care and leeds): whole words or their starts, anywhere in the name, role, organisation, places,
    policy areas, offers and seeks. People with every word come first, best match first (SQLite's FTS5 bm25,
    PostgreSQL's ts_rank, both from the full-text index of migration 0003); when no one has every word, people with
    any of them, ranked the same way. No words, order "name", or more than RANK_AT_MOST people with every word:
    name order.
    """
    qs = _filtered(profiles_visible_to(user).select_related("user", "organisation"), filters)
    words = query_words(filters.q)
    if not words:
        return DirectoryResults(qs.order_by("sort_name", "pk"), [], True, "name")
    if filters.order == "name" or _matches_more_than(qs, words, RANK_AT_MOST):
        return DirectoryResults(
            profiles_matching_text(qs, " ".join(words)), words, True, "name", filters.order
        )
    ranked = _ranked(qs, words, every_word=True)
    if ranked.exists():
        return DirectoryResults(ranked, words, True, "relevance")
    return DirectoryResults(_ranked(qs, words, every_word=False), words, False, "relevance")


# Ranking scores every match: past this many (a single common word, "housing" or "h", matches 15,000–90,000 of
# 100,000 people) it costs more than the page is worth (docs/benchmarks/directory.md), and a best match among so
# many means little. Such a search is shown in name order, and the page asks for more words to rank by.
RANK_AT_MOST = 5000


def _matches_more_than(qs: QuerySet[Profile], words: list[str], limit: int) -> bool:
    """Whether more than `limit` profiles have every word (a count that stops at limit + 1, from the index)."""
    if connections[qs.db].vendor == "sqlite":
        return _sqlite_match_count(qs.db, fts5_match(words), limit + 1) > limit
    return profiles_matching_text(qs, " ".join(words)).order_by()[: limit + 1].count() > limit


def _ranked(qs: QuerySet[Profile], words: list[str], *, every_word: bool) -> QuerySet[Profile]:
    vendor = connections[qs.db].vendor
    if vendor == "sqlite":
        match = fts5_match(words) if every_word else fts5_match_any(words)
        # The FTS5 table joined on its rowid (the profile id): SQLite starts from the index's matches and reads
        # each profile by id; `rank` is bm25, lower is better. extra() is the only way to name a virtual table.
        return qs.extra(
            tables=["people_profile_fts"],
            where=["people_profile_fts.rowid = people_profile.id", "people_profile_fts MATCH %s"],
            params=[match],
            select={"relevance": "people_profile_fts.rank"},
            order_by=["relevance", "sort_name", "id"],
        )
    if vendor == "postgresql":
        query = postgres_tsquery(words) if every_word else postgres_tsquery_any(words)
        rank = RawSQL("ts_rank(people_profile.search_vector, to_tsquery('simple'::regconfig, %s))", (query,))
        qs = qs.filter(_TsPrefixMatch(F("search_text"), Value(query)))
        return qs.annotate(relevance=rank).order_by("-relevance", "sort_name", "pk")
    if every_word:
        return _order_matches(profiles_matching_text_by_like(qs, words))
    any_word = Q()
    for word in words:
        any_word |= Q(search_text__contains=word)
    return _order_matches(qs.filter(any_word))


def _filtered(qs: QuerySet[Profile], filters: DirectoryFilters) -> QuerySet[Profile]:
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.organisation:
        qs = _filter_organisations(qs, filters.organisation)
    if filters.place is not None:
        qs = qs.filter(places=filters.place)
    if filters.policy_area is not None:
        qs = qs.filter(policy_areas=filters.policy_area)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.both_sides:
        qs = qs.filter(both_sides=True)
    return qs


def profile_directory_search(*, user: Actor, filters: DirectoryFilters) -> QuerySet[Profile]:
    """The visible profiles matching every filter and every search word (see profiles_matching_text).

    One query whatever the filters (a text search on SQLite counts its matches first: see profiles_matching_text):
    each filter is a join, a column test or a subquery, never a loop over rows.
    Place and policy-area filters each join one value, so no row can appear twice and no DISTINCT is needed.
    """
    qs = _filtered(profiles_visible_to(user).select_related("user", "organisation"), filters)
    if filters.q.strip():
        return profiles_matching_text(qs, filters.q)
    return qs.order_by("sort_name", "pk")


# Past this many matches, walking the name index (testing each id against the index's matches, and stopping once
# a page's worth is found) beats fetching every match by id and sorting them: the two cross at ~3,500 matches
# of 100,000 people (bench/directory.py, docs/benchmarks/directory.md).
WALK_NAME_ORDER_ABOVE = 3000


def profiles_matching_text(qs: QuerySet[Profile], text: str) -> QuerySet[Profile]:
    """The profiles in qs whose search text has every word of `text`, each as a whole word or the start of one
    ("hous" finds "housing"), in any case; in name order.

    The one place that knows the database: SQLite asks its FTS5 index, PostgreSQL its GIN full-text index (both
    made by migration 0003), anything else falls back to a LIKE per word. Any text is accepted: see textsearch.
    Text with no letters or digits in it (say "***" or an emoji) matches no one. The index is read in a subquery
    of qs's own query; SQLite adds one small query first, counting matches up to a limit to choose a plan.
    """
    words = search_words(text)
    if not words:
        return qs.none()
    vendor = connections[qs.db].vendor
    if vendor == "sqlite":
        return _sqlite_matching(qs, fts5_match(words))
    if vendor == "postgresql":
        # PostgreSQL estimates the matches from the index's statistics and picks the plan itself.
        qs = qs.filter(_TsPrefixMatch(F("search_text"), Value(postgres_tsquery(words))))
        return qs.order_by("sort_name", "pk")
    return _order_matches(profiles_matching_text_by_like(qs, words))


def _sqlite_matching(qs: QuerySet[Profile], match: str) -> QuerySet[Profile]:
    # The FTS5 table's rowid is the profile id; a MATCH on the table's name searches every indexed column.
    ids = RawSQL("SELECT rowid FROM people_profile_fts WHERE people_profile_fts MATCH %s", (match,))
    if _sqlite_match_count(qs.db, match, WALK_NAME_ORDER_ABOVE + 1) <= WALK_NAME_ORDER_ABOVE:
        return _order_matches(qs.filter(pk__in=ids))
    # Many matches: test each id in the name index against them. `id + 0` stops SQLite from fetching all the
    # matches by id instead, which it would (it cannot know how many there are), then sorting them.
    return qs.alias(text_key=F("pk") + Value(0)).filter(text_key__in=ids).order_by("sort_name", "pk")


def _sqlite_match_count(db: str, match: str, limit: int) -> int:
    sql = "SELECT count(*) FROM (SELECT 1 FROM people_profile_fts WHERE people_profile_fts MATCH %s LIMIT %s)"
    with connections[db].cursor() as cursor:
        cursor.execute(sql, (match, limit))
        return int(cursor.fetchone()[0])


def _order_matches(qs: QuerySet[Profile]) -> QuerySet[Profile]:
    """Name order for a filter that already narrowed the rows: fetch them and sort, rather than walk the name index,
    which would read every profile when matches are rare (an expression the index cannot serve forces that)."""
    return qs.order_by(Concat("sort_name", Value("")), "pk")


def profiles_matching_text_by_like(qs: QuerySet[Profile], words: list[str]) -> QuerySet[Profile]:
    """Every word anywhere in the search text: a LIKE per word, which reads every row (the slow path the index
    replaced, kept for other databases and as bench/directory.py's baseline)."""
    for word in words:
        # search_text is stored lower-cased, so a case-sensitive contains is a plain LIKE on every database.
        qs = qs.filter(search_text__contains=word)
    return qs


class _TsPrefixMatch(Func):
    """`search_vector @@ to_tsquery('simple', query)` on PostgreSQL, for `_TsPrefixMatch(F("search_text"), query)`.

    search_vector is the stored to_tsvector('simple', search_text) with the GIN index, made by migration 0003 and
    unknown to the model; it is named through search_text's table alias, so the query still works as a subquery.
    """

    output_field = BooleanField()

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[str | int, ...]]:
        column, value = self.source_expressions
        assert isinstance(column, Col), "_TsPrefixMatch takes F('search_text')"
        vector = (
            f"{compiler.quote_name_unless_alias(column.alias)}.{connection.ops.quote_name('search_vector')}"
        )
        query, params = compiler.compile(value)
        return f"{vector} @@ to_tsquery('simple'::regconfig, {query})", tuple(params)


FEW_ORGANISATIONS = 20


def _filter_organisations(qs: QuerySet[Profile], text: str) -> QuerySet[Profile]:
    """Profiles at organisations whose name contains the text.

    A few organisations: an indexed IN finds their people directly. Many (say "council", ~400): the people are
    too many for the index to help, and walking the name-order index until a page is full is far quicker, so the
    IN is put on an expression the planner cannot use an index for.
    """
    ids = list(Organisation.objects.filter(name__icontains=text).values_list("pk", flat=True))
    if len(ids) <= FEW_ORGANISATIONS:
        return qs.filter(organisation_id__in=ids)
    return qs.alias(org_key=Coalesce("organisation_id", Value(0))).filter(org_key__in=ids)


def profile_data_export(*, user: User) -> dict[str, Any]:
    """Everything Joined Up holds about this person, as plain data (UK GDPR right of access)."""
    data: dict[str, Any] = {
        "account": {
            "name": user.name,
            "email": user.email,
            "role": user.role,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": None,
        "situations": [
            {"situation": m.situation.title, "perspective": m.perspective, "role": m.role}
            for m in user.situation_memberships.select_related("situation")
        ],
    }
    profile = Profile.objects.filter(user=user).select_related("organisation").first()
    if profile is not None:
        data["profile"] = _profile_data(profile)
    return data


def _profile_data(profile: Profile) -> dict[str, Any]:
    return {
        "organisation": profile.organisation.name if profile.organisation else None,
        "sector": profile.sector,
        "job_title": profile.job_title,
        "level": profile.level,
        "places": [{"gss_code": p.gss_code, "name": p.name} for p in profile.places.all()],
        "policy_areas": [a.name for a in profile.policy_areas.all()],
        "offers": profile.offers,
        "seeks": profile.seeks,
        "visibility": profile.visibility,
        "both_sides": profile.both_sides,
        "career": [
            {
                "organisation": c.organisation_name,
                "sector": c.sector,
                "role": c.role,
                "start_year": c.start_year,
                "end_year": c.end_year,
            }
            for c in profile.career.all()
        ],
        "connections": Connection.objects.filter(Q(person_a=profile) | Q(person_b=profile)).count(),
    }


def people_csv_reference() -> Reference:
    """The organisations, places and policy areas an imported row may name."""
    organisations: dict[str, tuple[str, str]] = {}
    for slug, name, sector in Organisation.objects.values_list("slug", "name", "sector"):
        organisations[name.lower()] = (slug, sector)
    for slug, _name, sector in Organisation.objects.values_list("slug", "name", "sector"):
        organisations[slug.lower()] = (slug, sector)  # a slug wins over a name that happens to look like one
    areas: dict[str, str] = {}
    for slug, name in PolicyArea.objects.values_list("slug", "name"):
        areas[name.lower()] = slug
        areas[slug.lower()] = slug
    codes = frozenset(Place.objects.filter(is_current=True).values_list("gss_code", flat=True))
    return Reference(organisations=organisations, place_codes=codes, policy_areas=areas)


def profile_csv_rows() -> Iterator[PersonRow]:
    """Every profile as a CSV row, in id order; ids are the imported id, or the profile number."""
    qs = (
        Profile.objects.select_related("user", "organisation")
        .prefetch_related("places", "policy_areas")
        .order_by("pk")
    )
    for p in qs.iterator(chunk_size=2000):
        yield PersonRow(
            row=0,
            id=p.external_id or str(p.pk),
            name=p.user.name,
            email=p.user.email,
            sector=p.sector,
            organisation=p.organisation.slug if p.organisation else None,
            level=p.level,
            places=tuple(sorted(pl.gss_code for pl in p.places.all())),
            policy_areas=tuple(sorted(a.slug for a in p.policy_areas.all())),
            offers=p.offers,
            seeks=p.seeks,
        )
