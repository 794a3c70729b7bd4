"""Introductions across the line: match rounds and their matches, secondment allocations and event tables.

A round's results are written by its job in one transaction and stay hidden from participants until a
coordinator publishes them. Contact details are shown only to the people of a published match.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from joinedup.people.models import PolicyArea, Profile
from joinedup.places.models import Organisation, Place


class Kind(models.TextChoices):
    COFFEE = "coffee", "Coffee"
    PEERS = "peers", "Peers"
    MENTORING = "mentoring", "Mentoring"


class LineRule(models.TextChoices):
    CROSS = "cross", "Only pair central with local government"
    ANY = "any", "Pair anyone outside their own organisation"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    RUNNING = "running", "Running"
    READY = "ready", "Ready to publish"
    FAILED = "failed", "Failed"
    PUBLISHED = "published", "Published"


class MeetingMode(models.TextChoices):
    EITHER = "either", "In person or online"
    IN_PERSON = "in_person", "In person only"
    ONLINE = "online", "Online only"


class MentoringRole(models.TextChoices):
    NONE = "", "Not mentoring"
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"


class Preference(models.Model):
    """One person's opt-in to one kind of round. Nobody is matched without one."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="match_preferences")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    active = models.BooleanField("Include me in rounds", default=True)
    paused_until = models.DateField("Pause until", null=True, blank=True)
    mode = models.CharField("How you'd like to meet", max_length=10, choices=MeetingMode.choices,
                            default=MeetingMode.EITHER)  # fmt: skip
    location = models.CharField("Where you could meet in person", max_length=120, blank=True)
    role = models.CharField("Mentoring role", max_length=10, choices=MentoringRole.choices, blank=True)
    mentor_capacity = models.PositiveSmallIntegerField(
        "Mentees you can take at once", default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    # Half-days of the week, such as "tue-am" (matching.meetings.SLOTS): an introduction proposes times that suit
    # everyone introduced, and its calendar invitation carries the first of them.
    availability = models.JSONField("When you could usually meet", default=list, blank=True)
    group_of_three = models.BooleanField("I'd rather meet in a group of three", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "kind"], name="match_preference_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.profile} – {self.kind}"


class Block(models.Model):
    """ "Never pair me with X": one person rules out another for every kind of round."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="match_blocks")
    blocked = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, blank=True, help_text="team, manager or other")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "blocked"], name="match_block_once")]

    def __str__(self) -> str:
        return f"{self.profile} blocks {self.blocked}"


class MatchRound(models.Model):
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COFFEE)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    # Who is eligible: empty filters mean "anyone opted in".
    sectors = models.JSONField(default=list, blank=True)
    places = models.ManyToManyField(Place, blank=True, related_name="+")
    regions = models.JSONField(default=list, blank=True)
    policy_areas = models.ManyToManyField(PolicyArea, blank=True, related_name="+")
    # Rules and weights.
    line_rule = models.CharField(max_length=5, choices=LineRule.choices, default=LineRule.CROSS)
    avoid_rounds = models.PositiveSmallIntegerField(
        "Never repeat a pair within this many rounds", default=12, validators=[MaxValueValidator(100)]
    )
    trios = models.BooleanField("Make groups of three when numbers are odd", default=True)
    weights = models.JSONField(default=dict, blank=True)
    seed = models.PositiveIntegerField(default=0)
    # Schedule.
    run_on = models.DateField("Run on", null=True, blank=True)
    meet_by = models.DateField("Meet by", null=True, blank=True)
    # Results.
    # Same job fields, Meta and methods as SecondmentScheme below: two models, kept apart until MatchRound and
    # SecondmentScheme share an abstract job model (could be merged; left for later, as it moves migrations).
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stats = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("matching:round-detail", args=[self.pk])


class Match(models.Model):
    """A pair (or a group of three) of one round. `facts` holds what the plain-words reasons are made from."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="matches")
    person_a = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    third = models.ForeignKey(Profile, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    arranger = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    parts = models.JSONField(default=dict)
    facts = models.JSONField(default=dict)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name_plural = "matches"

    def __str__(self) -> str:
        return f"{self.person_a} – {self.person_b}"

    def get_absolute_url(self) -> str:
        return reverse("matching:match-detail", args=[self.pk])

    @property
    def parts_display(self) -> list[tuple[str, float]]:
        return [(name.replace("_", " "), float(value)) for name, value in self.parts.items()]

    @property
    def member_ids(self) -> list[int]:
        return [pk for pk in (self.person_a_id, self.person_b_id, self.third_id) if pk]


class Unmatched(models.Model):
    """Someone eligible for a round who was not matched, and why. Mentees here are on the waiting list."""

    round = models.ForeignKey(MatchRound, on_delete=models.CASCADE, related_name="unmatched")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    waiting = models.BooleanField(default=False, help_text="On the mentoring waiting list")

    class Meta:
        ordering = ["round", "pk"]
        verbose_name_plural = "unmatched"


class FollowUp(models.Model):
    """A "did you meet?" email sent to one person about one introduction: at most one each, so a retried run
    of the follow-ups never asks twice."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="follow_ups")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["match", "profile"], name="follow_up_once")]


class Met(models.TextChoices):
    YES = "yes", "Yes, we met"
    NOT_YET = "not_yet", "Not yet, but we plan to"
    NO_SHOW = "no_show", "No, they did not come or reply"
    NO = "no", "No, we decided not to"


class Useful(models.TextChoices):
    VERY = "very", "Very useful"
    SOMEWHAT = "somewhat", "Somewhat useful"
    NOT = "not", "Not useful"
    NA = "", "We have not met"


class Feedback(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="feedback")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    met = models.CharField("Did you meet?", max_length=10, choices=Met.choices)
    useful = models.CharField("Was it useful?", max_length=10, choices=Useful.choices, blank=True)
    comment = models.TextField("Anything else?", blank=True)
    rematch_requested = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["match", "profile"], name="match_feedback_once")]


# Secondments ---------------------------------------------------------------------------------------------------


class SchemeStatus(models.TextChoices):
    OPEN = "open", "Open for applications"
    RUNNING = "running", "Allocating"
    READY = "ready", "Allocation ready to publish"
    FAILED = "failed", "Allocation failed"
    PUBLISHED = "published", "Allocation published"


class CostBearer(models.TextChoices):
    HOST = "host", "The host organisation"
    HOME = "home", "The home organisation"
    SHARED = "shared", "Shared"


class SecondmentScheme(models.Model):
    """A call for secondments: hosts post opportunities to it, applicants rank them, one allocation at the end."""

    name = models.CharField(max_length=150)
    closes_on = models.DateField("Applications close", null=True, blank=True)
    status = models.CharField(max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.OPEN)
    # Same job fields as MatchRound above: see the note there (an abstract job model is left for later).
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stats = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("matching:scheme-detail", args=[self.pk])


class Opportunity(models.Model):
    scheme = models.ForeignKey(SecondmentScheme, on_delete=models.CASCADE, related_name="opportunities")
    host = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=150)
    host_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="Host organisation", help_text="Where the secondee will work",
    )  # fmt: skip
    contact_name = models.CharField("Contact at the host", max_length=120, blank=True)
    contact_email = models.EmailField("Contact's email address", blank=True)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    duration_months = models.PositiveSmallIntegerField(
        "Duration in months", validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    description = models.TextField("What the secondee will do")
    skills_sought = models.TextField("Skills sought")
    capacity = models.PositiveSmallIntegerField(
        "How many secondees", default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    salary_paid_by = models.CharField(max_length=10, choices=CostBearer.choices, default=CostBearer.HOME)
    expenses_paid_by = models.CharField(max_length=10, choices=CostBearer.choices, default=CostBearer.HOST)
    how_it_ends = models.TextField(
        "How it ends", help_text="What happens at the end: return, review, handover"
    )
    ranking = models.JSONField(
        default=list,
        blank=True,
        help_text="The host's ranking of applicant profile ids; empty: by compatibility",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name_plural = "opportunities"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matching:opportunity-detail", args=[self.pk])


class Application(models.Model):
    """An applicant's ranking of a scheme's opportunities (first choice first) and, once run, the allocation."""

    scheme = models.ForeignKey(SecondmentScheme, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    ranking = models.JSONField(default=list, help_text="Opportunity ids, first choice first")
    statement = models.TextField("Why you", blank=True)
    allocated = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True, help_text="Why no place, when none")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scheme", "applicant"], name="application_once")]


# Events ---------------------------------------------------------------------------------------------------------


class EventKind(models.TextChoices):
    SAFE_SPACE = "safe_space", "Safe space"
    DEVELOPMENT_DAY = "development_day", "Development day"


class Event(models.Model):
    title = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.DEVELOPMENT_DAY)
    starts_on = models.DateField()
    venue = models.CharField(max_length=200, blank=True)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    table_size = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(2), MaxValueValidator(20)]
    )
    capacity = models.PositiveIntegerField(default=80, validators=[MinValueValidator(2)])
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    plan_error = models.TextField(blank=True)
    plan_stats = models.JSONField(default=dict, blank=True)
    planned_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matching:event-detail", args=[self.pk])


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    table = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["table", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "profile"], name="registration_once")]
