"""Learning: initiatives (named programmes) and honest lessons from them, findable by meaning."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from joinedup.people.models import PolicyArea
from joinedup.places.models import Organisation, Place


class EvidenceStrength(models.TextChoices):
    ANECDOTE = "anecdote", "Anecdote or observation"
    MONITORING = "monitoring", "Monitoring data"
    COMPARISON = "comparison", "Evaluated with a comparison"


class EvidenceRating(models.IntegerChoices):
    """How far a lesson's finding can be trusted as cause and effect, in the manner of the Maryland Scientific
    Methods Scale (What Works Centre for Local Economic Growth uses the same five levels). Explained to readers
    on the evidence page (learning:evidence)."""

    DESCRIPTIVE = 1, "Level 1: described, no comparison"
    SIMPLE_COMPARISON = 2, "Level 2: compared, without matching"
    MATCHED_COMPARISON = 3, "Level 3: matched comparison"
    STRONG_COMPARISON = 4, "Level 4: strong quasi-experiment"
    RANDOMISED = 5, "Level 5: randomised trial"


class LessonState(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEWED = "reviewed", "Reviewed"
    PUBLISHED = "published", "Published"


class ContextFactor(models.TextChoices):
    """Conditions that research on place-based working finds make or break an initiative. Each is phrased so
    that it can be present or absent in a place."""

    PARTNERSHIP_HISTORY = "partnership_history", "A long history of partnership working"
    LOCAL_STRUCTURES = "local_structures", "Joint local structures (a partnership board, combined authority)"
    LEADERSHIP_STABILITY = "leadership_stability", "Stable leadership"
    POOLED_FUNDING = "pooled_funding", "Pooled or flexible funding"
    TIMESCALE = "timescale", "Enough time (three years or more)"
    LIGHT_REPORTING = "light_reporting", "Light central reporting demands"
    FRONTLINE_INVOLVEMENT = "frontline_involvement", "Frontline staff involved in design"
    DATA_SHARING = "data_sharing", "Data shared between agencies"
    POLITICAL_SUPPORT = "political_support", "Cross-party political support"
    COMMUNITY_INVOLVEMENT = "community_involvement", "Residents and community groups involved"
    CENTRAL_SPONSOR = "central_sponsor", "A named sponsor in central government"
    CO_LOCATION = "co_location", "Teams co-located in one place"


class Initiative(models.Model):
    """A named programme (Total Place, Community Budgets …), kept as reference facts with a public source."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Blank while it runs")
    sponsors = models.ManyToManyField(Organisation, blank=True, related_name="initiatives")
    sponsor_names = models.CharField(
        max_length=300, blank=True, help_text="Sponsors as named at the time (departments are renamed)"
    )
    places = models.ManyToManyField(Place, blank=True, related_name="initiatives")
    place_names = models.TextField(blank=True, help_text="Pilot areas as named at the time, one a line")
    source_url = models.URLField(max_length=400, help_text="A public report that states these facts")
    source_title = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True, help_text="Where the facts are uncertain, and why")

    class Meta:
        ordering = ["start_year", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("learning:initiative", args=[self.slug])

    @property
    def years(self) -> str:
        return f"{self.start_year}–{self.end_year}" if self.end_year else f"from {self.start_year}"


class Lesson(models.Model):
    ref = models.CharField(max_length=40, unique=True, help_text="A short reference, e.g. L-2026-0042")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="The lesson in two or three sentences")
    expected = models.TextField("What we expected", blank=True)
    happened = models.TextField("What happened", blank=True)
    why = models.TextField("Why we think so", blank=True)
    differently = models.TextField("What we would do differently", blank=True)
    evidence_strength = models.CharField(
        max_length=20, choices=EvidenceStrength.choices, default=EvidenceStrength.ANECDOTE, db_index=True
    )
    evidence_rating = models.PositiveSmallIntegerField(
        "Evidence strength",
        choices=EvidenceRating.choices,
        null=True,
        blank=True,
        db_index=True,
        help_text="1 (described, no comparison) to 5 (randomised trial); blank until someone rates it",
    )
    evidence_rating_reason = models.TextField("Why this rating", blank=True)
    effect = models.TextField("Effect", blank=True, help_text="What changed, and by how much")
    mechanism = models.TextField("Mechanism", blank=True, help_text="How it worked")
    moderators = models.TextField("Moderators", blank=True, help_text="Where and for whom it worked")
    implementation = models.TextField("Implementation", blank=True, help_text="What it took to do")
    economics = models.TextField("Economics", blank=True, help_text="What it cost and saved")
    transfer_factors = models.TextField(
        "What decides whether it transfers",
        blank=True,
        help_text="The things about a place that made this work or not, to check in yours",
    )
    # The public report a lesson was drawn from (lessons from the shipped library; optional for others).
    source_title = models.CharField(max_length=300, blank=True)
    source_publisher = models.CharField(max_length=200, blank=True)
    source_year = models.PositiveSmallIntegerField(null=True, blank=True)
    source_url = models.URLField(max_length=400, blank=True)
    source_licence = models.CharField(
        max_length=200, blank=True, help_text="The source's licence, or 'unknown — link only'"
    )
    source_quotation = models.TextField(blank=True, help_text="At most a short quotation, marked as such")
    source_note = models.CharField(
        max_length=400,
        blank=True,
        help_text="Anything a reader should know about the link (a copy, a summary)",
    )
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    places = models.ManyToManyField(Place, blank=True, related_name="lessons")
    policy_areas = models.ManyToManyField(PolicyArea, blank=True, related_name="lessons")
    situation = models.ForeignKey(
        "situations.Situation", null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    # The partnerships app is optional to this one, so the link is by id (see ADR 0010).
    partnership_ref = models.PositiveIntegerField(null=True, blank=True)
    partnership_title = models.CharField(max_length=200, blank=True)
    state = models.CharField(
        max_length=20, choices=LessonState.choices, default=LessonState.DRAFT, db_index=True
    )
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="lessons")
    source = models.CharField(
        max_length=20, default="form", help_text="form, import, exit_review or library (the shipped lessons)"
    )
    # What the keyword index reads (title excluded: it is indexed with more weight); set by the services.
    search_document = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:lesson", args=[self.ref])

    @property
    def evidence_rating_label(self) -> str:
        return EvidenceRating(self.evidence_rating).label if self.evidence_rating else "Not yet rated"

    @property
    def evidence_rating_words(self) -> str:
        """The level's name without its number: 'matched comparison'."""
        return self.evidence_rating_label.split(": ", 1)[-1]

    def search_text(self) -> str:
        """Everything a reader might search for, title first (the embedding model reads the first words)."""
        return "\n".join(p for p in [self.title, self.body_text()] if p)

    def body_text(self) -> str:
        parts = [self.summary, self.expected, self.happened, self.why, self.differently]
        parts += [self.effect, self.mechanism, self.moderators, self.implementation, self.economics]
        parts += [self.transfer_factors]
        return "\n".join(p for p in parts if p)


class LessonFactor(models.Model):
    """A context factor that mattered to a lesson, and whether it was present in the lesson's place."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="factors")
    factor = models.CharField(max_length=40, choices=ContextFactor.choices)
    present = models.BooleanField(help_text="Was this true of the place at the time?")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "factor"], name="lesson_factor_once")]

    def __str__(self) -> str:
        return f"{self.get_factor_display()}: {'present' if self.present else 'absent'}"


class LessonVector(models.Model):
    """A lesson's text vector from one model, kept with a hash of the text so unchanged lessons are not
    embedded again."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="vectors")
    model = models.CharField(max_length=60)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField(help_text="float32, little-endian")
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "model"], name="lesson_vector_per_model")]


class Comment(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Comment on {self.lesson} by {self.author}"
