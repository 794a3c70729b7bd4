import pytest
from django.urls import reverse

from joinedup.learning import services
from joinedup.learning.initiatives import initiatives_load
from joinedup.learning.models import Initiative, Lesson, LessonState
from tests import people_helpers as cast
from tests.learning import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    author = helpers.author()
    lesson = services.lesson_create(
        title="Draft about pooled budgets",
        summary="Pooled budgets stalled.",
        authors=[author],
        places=[helpers.places()["essex"]],
        factors={"pooled_funding": True, "leadership_stability": False},
    )
    return lesson


def _login(client, user):
    client.force_login(user)
    return client


def test_it_shows_the_library_and_search_results(client):
    helpers.published_lessons()
    _login(client, helpers.reader())
    response = client.get(reverse("learning:library"), {"q": "pooled fund", "mode": "keyword"})
    assert response.status_code == 200
    assert "Pooled budgets need one accountable officer" in response.content.decode()


def test_it_answers_an_empty_search_on_the_page(client):
    _login(client, helpers.reader())
    response = client.get(reverse("learning:library"), {"q": ""})
    assert "Enter some words" in response.content.decode()


def test_it_requires_sign_in(client):
    response = client.get(reverse("learning:library"))
    assert response.status_code == 302


def test_it_hides_a_draft_from_other_readers(client, draft):
    _login(client, helpers.reader())
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("learning:lesson_edit", args=[draft.ref])).status_code == 404


def test_it_shows_a_draft_to_its_author_and_coordinators(client, draft):
    author = draft.authors.get()
    assert _login(client, author).get(draft.get_absolute_url()).status_code == 200
    assert _login(client, helpers.coordinator()).get(draft.get_absolute_url()).status_code == 200


def test_it_lets_a_coordinator_publish_through_the_page(client, draft):
    _login(client, helpers.coordinator())
    response = client.post(reverse("learning:lesson_state", args=[draft.ref]), {"to": "published"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == LessonState.PUBLISHED


def test_it_refuses_publishing_by_the_author(client, draft):
    _login(client, draft.authors.get())
    client.post(reverse("learning:lesson_state", args=[draft.ref]), {"to": "published"})
    draft.refresh_from_db()
    assert draft.state == LessonState.DRAFT


def test_it_rejects_get_on_state_changes(client, draft):
    _login(client, helpers.coordinator())
    assert client.get(reverse("learning:lesson_state", args=[draft.ref])).status_code == 405


def test_it_shows_transferability_for_the_readers_first_place(client, draft):
    services.lesson_set_state(lesson=draft, to=LessonState.PUBLISHED, by=helpers.coordinator())
    reader = helpers.reader()
    reader.profile.places.add(helpers.places()["leeds"])
    page = _login(client, reader).get(draft.get_absolute_url()).content.decode()
    assert "Essex and Leeds" in page
    assert "a different type and tier of council" in page


def test_it_compares_context_factors_the_reader_ticks(client, draft):
    services.lesson_set_state(lesson=draft, to=LessonState.PUBLISHED, by=helpers.coordinator())
    _login(client, helpers.reader())
    query = {
        "place": "E08000032",
        "factors": ["pooled_funding", "leadership_stability"],
        "factors_given": "1",
    }
    page = client.get(draft.get_absolute_url(), query).content.decode()
    assert "Essex and Bradford" in page
    assert "The same in both places:</strong> Pooled or flexible funding" in page
    assert "Different in your place:</strong> Stable leadership" in page


def test_it_creates_a_draft_through_the_form(client):
    essex = helpers.places()["essex"]
    area = cast.policy_area("Housing")
    author = helpers.author()
    _login(client, author)
    form = {
        "title": "Housing first needs landlords on side",
        "happened": "Landlords pulled out.",
        "evidence_strength": "anecdote",
        "places": [essex.pk],
        "policy_areas": [area.pk],
        "factors_present": ["timescale"],
    }
    response = client.post(reverse("learning:lesson_new"), form)
    lesson = Lesson.objects.get(title="Housing first needs landlords on side")
    assert response.status_code == 302 and response.url == lesson.get_absolute_url()
    assert lesson.state == LessonState.DRAFT and list(lesson.authors.all()) == [author]
    assert lesson.factors.get().factor == "timescale"


def test_it_refuses_a_factor_both_present_and_absent(client):
    _login(client, helpers.author())
    form = {
        "title": "T",
        "evidence_strength": "anecdote",
        "factors_present": ["timescale"],
        "factors_absent": ["timescale"],
    }
    response = client.post(reverse("learning:lesson_new"), form)
    assert response.status_code == 200
    assert "cannot be both true and missing" in response.content.decode()
    assert not Lesson.objects.exists()


def test_it_adds_a_comment(client, draft):
    _login(client, helpers.coordinator())
    client.post(reverse("learning:lesson_comment", args=[draft.ref]), {"body": "Publishing this."})
    assert draft.comments.get().body == "Publishing this."


def test_it_shows_initiatives(client):
    helpers.places()
    initiatives_load()
    _login(client, helpers.reader())
    assert "Total Place pilots" in client.get(reverse("learning:initiatives")).content.decode()
    page = client.get(reverse("learning:initiative", args=["whole-place-community-budgets"])).content.decode()
    assert "National Audit Office" in page and "Essex" in page
    assert client.get(reverse("learning:initiative", args=["nope"])).status_code == 404
    _rated("R-9", "Start from specific outcomes", 1, initiative=Initiative.objects.get(slug="total-place"))
    page = client.get(reverse("learning:initiative", args=["total-place"])).content.decode()
    assert (
        'Start from specific outcomes</a> <span class="govuk-body-s">(evidence level 1 of 5)</span>' in page
    )


def test_it_adds_initiatives_lessons_and_a_timeline_to_the_place_page(client):
    helpers.published_lessons()
    initiatives_load()
    _login(client, helpers.reader())
    page = client.get(reverse("places:detail", args=["E10000012"])).content.decode()
    assert "Initiatives and lessons here" in page
    assert "Whole-place Community Budgets pilots" in page
    assert "Pooled budgets need one accountable officer" in page
    assert "Timeline" in page


def test_it_adds_a_lessons_panel_to_a_situation_page_without_others_drafts(client):
    from joinedup.situations.models import MemberRole, Membership, Perspective, Situation

    lessons = helpers.published_lessons()
    member = helpers.reader()
    situation = Situation.objects.create(title="Families in Leeds", framing="Too many handoffs.")
    situation.places.add(helpers.places()["leeds"])
    Membership.objects.create(
        situation=situation, user=member, perspective=Perspective.LOCAL, role=MemberRole.CONVENER
    )
    services.lesson_create(title="Someone else's draft", situation=situation, authors=[helpers.author()])
    page = _login(client, member).get(reverse("situations:detail", args=[situation.pk])).content.decode()
    assert "A single key worker keeps families engaged" in page  # published, from Leeds
    assert lessons[0].title not in page  # Essex
    assert "Someone else&#x27;s draft" not in page and "Someone else's draft" not in page


def _rated(ref, title, rating, **fields):
    return services.lesson_create(
        ref=ref,
        title=title,
        summary=f"{title}, in brief.",
        state=LessonState.PUBLISHED,
        evidence_rating=rating,
        **fields,
    )


def test_the_evidence_page_explains_every_level_and_counts_lessons(client):
    _rated("R-1", "Key workers kept families engaged", 3)
    _rated("R-2", "Pooled budgets needed a lead officer", 1)
    _login(client, helpers.reader())
    page = client.get(reverse("learning:evidence")).content.decode()
    assert "<title>Evidence strength – Joined Up</title>" in page
    for label in (
        "Level 1: described, no comparison",
        "Level 3: matched comparison",
        "Level 5: randomised trial",
    ):
        assert label in page
    assert "Maryland Scientific Methods Scale" in page


def test_the_library_filters_by_evidence_strength_without_search_words(client):
    _rated("R-1", "Key workers kept families engaged", 3)
    _rated("R-2", "Pooled budgets needed a lead officer", 1)
    _rated("R-3", "A trial of text reminders", 5)
    _login(client, helpers.reader())
    page = client.get(reverse("learning:library"), {"q": "", "min_rating": "3"}).content.decode()
    assert "2 lessons match your filters" in page
    assert page.index("A trial of text reminders") < page.index("Key workers kept families engaged"), (
        "strongest evidence first"
    )
    assert "Pooled budgets needed a lead officer" not in page
    assert "Evidence strength: level 3 of 5" in page


def test_search_results_say_each_lessons_evidence_strength_in_words(client):
    _rated("R-1", "Key workers kept families engaged", 3)
    services.lesson_create(
        ref="R-2", title="Key workers and families: a note", summary="Unrated.", state=LessonState.PUBLISHED
    )
    _login(client, helpers.reader())
    page = client.get(
        reverse("learning:library"), {"q": "key workers families", "mode": "keyword"}
    ).content.decode()
    assert "Evidence strength: level 3 of 5</a> (matched comparison)" in page
    assert "Evidence strength: not yet rated" in page
    rated_only = client.get(
        reverse("learning:library"), {"q": "key workers families", "mode": "keyword", "min_rating": "2"}
    ).content.decode()
    assert "Key workers and families: a note" not in rated_only


def test_a_library_lesson_shows_its_source_licence_rating_and_transfer_factors(client):
    lesson = _rated(
        "LIB-900",
        "Pooled budgets needed a lead officer",
        1,
        source="library",
        evidence_rating_reason="Described only.",
        transfer_factors="A history of partnership working.",
        source_title="A public report",
        source_publisher="An audit office",
        source_year=None,
        source_url="https://example.org/report",
        source_licence="Open Government Licence v3.0",
        source_quotation="a short quoted phrase",
    )
    _login(client, helpers.reader())
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert 'href="https://example.org/report"' in page and "A public report" in page
    assert "Open Government Licence v3.0" in page
    assert "year not given in the source" in page
    assert "Evidence strength: level 1 of 5" in page and "Described only." in page
    assert "What decides whether it transfers" in page and "A history of partnership working." in page
    assert "“a short quoted phrase”" in page
    assert "written in our own words" in page


def test_an_author_rates_a_lesson_and_cites_a_source_through_the_form(client):
    _login(client, helpers.author())
    page = client.get(reverse("learning:lesson_new")).content.decode()
    assert "Not yet rated" in page and "Level 5: randomised trial" in page
    form = {
        "title": "Text reminders cut missed appointments",
        "evidence_strength": "comparison",
        "evidence_rating": "5",
        "evidence_rating_reason": "Patients were allotted reminders at random.",
        "source_title": "A trial report",
        "source_url": "https://example.org/trial",
        "source_licence": "Open Government Licence v3.0",
    }
    client.post(reverse("learning:lesson_new"), form)
    lesson = Lesson.objects.get(title="Text reminders cut missed appointments")
    assert lesson.evidence_rating == 5 and lesson.source_url == "https://example.org/trial"
    refused = client.post(reverse("learning:lesson_new"), {**form, "title": "Other", "evidence_rating": "9"})
    assert refused.status_code == 200 and not Lesson.objects.filter(title="Other").exists()


def test_the_transferability_panel_compares_the_places_on_public_statistics(client, draft):
    from joinedup.places.models import Place

    Place.objects.filter(gss_code="E08000035").update(area_km2=552.0)
    Place.objects.filter(gss_code="E10000012").update(area_km2=3_670.0)
    services.lesson_set_state(lesson=draft, to=LessonState.PUBLISHED, by=helpers.coordinator())
    reader = helpers.reader()
    reader.profile.places.add(helpers.places()["leeds"])
    page = _login(client, reader).get(draft.get_absolute_url()).content.decode()
    assert "On public statistics</strong>, Essex is number 1 of 1 among the" in page
    assert "Different: a different tier (upper-tier county, not single-tier)" in page
    assert "Deprivation: not compared" in page
