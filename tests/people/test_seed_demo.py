import pytest
from django.core.management import CommandError, call_command

from joinedup.accounts.models import User
from joinedup.people.models import Profile
from joinedup.situations.models import Situation


def snapshot():
    rows = Profile.objects.select_related("user", "organisation").order_by("user__email")
    return [
        (p.user.name, p.user.email, p.organisation.slug, p.job_title, p.level, p.offers, p.seeks, p.both_sides,
         sorted(p.places.values_list("gss_code", flat=True)), sorted(p.career.values_list("role", "start_year")))
        for p in rows
    ]  # fmt: skip


def test_it_refuses_without_reference_data(db):
    with pytest.raises(CommandError, match="load-reference"):
        call_command("seed-demo", people=10)


@pytest.fixture
def reference(db):
    call_command("load-reference")


def test_it_is_deterministic_for_a_seed(reference):
    call_command("seed-demo", people=150, seed=7, batch=40)
    first = snapshot()
    call_command("seed-demo", people=150, seed=7, batch=100)
    assert snapshot() == first
    assert len(first) == 150
    call_command("seed-demo", people=150, seed=8)
    assert snapshot() != first


def test_it_makes_a_believable_population(reference):
    call_command("seed-demo", people=300, seed=1)
    people = Profile.objects.all()
    central, local = people.filter(sector="central").count(), people.filter(sector="local").count()
    assert 100 < central < 200 and 100 < local < 200
    assert 0 < people.filter(both_sides=True).count() < 300
    council_person = people.filter(organisation__kind="council", organisation__place__isnull=False).first()
    assert council_person.organisation.place in council_person.places.all()
    assert council_person.places.count() >= 2  # its own place and a neighbour
    assert all(p.offers and p.seeks and p.policy_areas.exists() for p in people[:20])
    assert not User.objects.filter(email__endswith="demo.joinedup.invalid").first().has_usable_password()
    situation = Situation.objects.first()
    assert Situation.objects.count() == 5
    assert situation.memberships.values("perspective").distinct().count() >= 4


def test_it_creates_demo_accounts_idempotently(reference, client):
    call_command("demo-accounts")
    call_command("demo-accounts")
    assert User.objects.filter(email__endswith="@demo.joinedup.example").count() == 2
    coordinator = User.objects.get(email="coordinator@demo.joinedup.example")
    assert coordinator.is_coordinator and coordinator.check_password("joined-up-demo")
    assert coordinator.profile.both_sides


def test_it_gives_people_titles_their_organisation_would_have(reference):
    call_command("seed-demo", people=600, seed=3)
    people = Profile.objects.select_related("organisation__place")
    for p in people:
        kind = p.organisation.place.kind if p.organisation.kind == "council" and p.organisation.place else ""
        assert not (kind == "NMD" and p.job_title == "Social worker"), p.organisation
        assert not (kind == "CTY" and p.job_title == "Housing officer"), p.organisation
        assert not (p.job_title == "Work coach" and p.organisation.slug != "department-for-work-pensions")
        if kind == "NMD":
            assert not p.policy_areas.filter(slug__in=["adult-social-care", "childrens-services"]).exists()
    treasury = people.filter(organisation__slug="hm-treasury")
    assert all(set(p.policy_areas.values_list("slug", flat=True)) == {"economic-growth"} for p in treasury)


def test_the_demo_has_a_conversation_with_two_opinion_groups_marked_illustrative(reference, client):
    from django.urls import reverse

    from joinedup.perspectives.models import Conversation

    call_command("seed-demo", people=300, seed=1)
    conversation = Conversation.objects.get()
    report = conversation.reports.first()
    assert report.vote_count >= 400 and report.participant_count == 40
    sizes = [len(g["members"]) if "members" in g else g["size"] for g in report.data["groups"]]
    assert len(sizes) == 2 and min(sizes) >= 15  # the council side and the department side
    assert report.data["consensus"]["agree"]  # the shared statements
    call_command("demo-accounts")
    client.force_login(User.objects.get(email="participant@demo.joinedup.example"))
    convener = conversation.situation.created_by.profile
    assert "Illustrative" in client.get(reverse("people:detail", args=[convener.pk])).content.decode()
    page = client.get(reverse("people:directory")).content.decode()
    assert page.count(">Illustrative</strong>") >= 20  # every demo person on the page
    own = User.objects.get(email="participant@demo.joinedup.example").profile
    assert (
        'data-testid="illustrative"'
        not in client.get(reverse("people:detail", args=[own.pk])).content.decode()
    )


def test_the_demo_has_a_partnership_whose_sides_diverge_in_its_second_closed_round(reference, client):
    from joinedup.partnerships.models import Partnership
    from joinedup.partnerships.selectors import latest_results

    call_command("seed-demo", people=300, seed=1)
    call_command("seed-demo", people=300, seed=1)  # a re-run replaces it, leaving no orphan
    partnership = Partnership.objects.get(state="active")  # the other one is closed, with its exit review
    assert Partnership.objects.count() == 2
    assert partnership.health_checks.count() == 2
    results = latest_results(partnership)
    assert results is not None
    assert any(w.startswith("Trust: the sides see it differently") for w in results.warnings)
    lead = partnership.participants.filter(role="lead").first().user
    client.force_login(lead)
    assert 'data-testid="illustrative"' in client.get(partnership.get_absolute_url()).content.decode()


def test_the_demo_has_an_exit_review_that_became_a_lesson_once_per_run(reference):
    from joinedup.learning.models import Lesson
    from joinedup.partnerships.models import Partnership

    call_command("seed-demo", people=300, seed=2)
    call_command("seed-demo", people=300, seed=2)
    closed = Partnership.objects.get(state="closed")
    assert closed.exit_review.do_differently
    lesson = Lesson.objects.get(source="exit_review")
    assert lesson.title == f"Exit review: {closed.title}"
    assert list(lesson.places.all()) == list(closed.places.all())
    assert all(s.places.first().nation == "England" for s in Situation.objects.all())


def test_the_demo_has_a_system_map_whose_three_named_loops_are_in_its_links(reference):
    import networkx as nx

    from joinedup.systemmaps.models import SystemMap

    call_command("seed-demo", people=300, seed=1)
    system_map = SystemMap.objects.get()
    graph = nx.DiGraph([(link.source.label, link.target.label) for link in system_map.links.all()])
    assert len(list(nx.simple_cycles(graph))) == 3
    for name in ("The discharge spiral", "The burnout loop", "The short-term fix"):
        assert name in system_map.description
    assert "adult-social-care" in system_map.situation.policy_areas.values_list("slug", flat=True)


def test_the_demo_has_two_published_coffee_rounds_with_feedback_once_per_run(reference):
    from joinedup.matching.models import Feedback, MatchRound

    call_command("seed-demo", people=300, seed=1)
    call_command("seed-demo", people=300, seed=1)
    rounds = MatchRound.objects.order_by("name")
    assert [(r.name, r.status) for r in rounds] == [
        ("Coffee across the line: October", "published"),
        ("Coffee across the line: September", "published"),
    ]
    pairs = [{m.person_a_id, m.person_b_id} for r in rounds for m in r.matches.all()]
    assert len(pairs) >= 50
    assert Feedback.objects.filter(met="yes").exclude(comment="").count() >= 40
