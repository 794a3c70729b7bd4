"""People: who they are, where they work, which places and policy areas they know."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from joinedup.places.models import Organisation, Place, Sector


class Level(models.TextChoices):
    FRONTLINE = "frontline", "Frontline"
    MANAGER = "manager", "Manager"
    SENIOR = "senior", "Senior leader"


class Visibility(models.TextChoices):
    SIGNED_IN = "signed_in", "Everyone signed in to Joined Up"
    CONNECTIONS = "connections", "Only people I'm connected with"


class PolicyArea(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    external_id = models.CharField(
        max_length=64, unique=True, null=True, blank=True, help_text="The id column of an imported people CSV"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    sector = models.CharField(max_length=10, choices=Sector.choices, default=Sector.OTHER, db_index=True)
    job_title = models.CharField(max_length=150, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.MANAGER, db_index=True)
    places = models.ManyToManyField(Place, blank=True, related_name="people")
    policy_areas = models.ManyToManyField(PolicyArea, blank=True, related_name="people")
    offers = models.TextField("What I can offer", blank=True)
    seeks = models.TextField("What I'm looking for", blank=True)
    both_sides = models.BooleanField(
        "Experience on both sides",
        default=False,
        db_index=True,
        help_text="Derived from career history: has worked in central and in local government",
    )
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.SIGNED_IN)
    search_text = models.TextField(
        blank=True, help_text="Lower-cased name, title, organisation, places, policy areas, offers, seeks"
    )
    # A copy of the user's name, lower-cased, kept by the people services: the directory sorts 100,000 people
    # by it through an index instead of joining and sorting every user row.
    sort_name = models.CharField(max_length=150, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_name", "id"]
        indexes = [
            models.Index(fields=["sort_name", "id"], name="profile_directory_order"),
            # A level filter walks its own people in name order, rather than every profile: with 100,000 people,
            # policy area + level=senior read ~33,000 rows to fill the count's 1,001 (docs/benchmarks/directory.md).
            models.Index(fields=["level", "sort_name", "id"], name="profile_level_order"),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])


class CareerEntry(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="career")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    organisation_name = models.CharField(max_length=250, blank=True)
    sector = models.CharField(max_length=10, choices=Sector.choices)
    role = models.CharField(max_length=150)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Blank if current")

    class Meta:
        ordering = ["-start_year"]
        verbose_name_plural = "career entries"

    def __str__(self) -> str:
        return f"{self.role}, {self.organisation_name} ({self.start_year}–{self.end_year or 'now'})"


class Connection(models.Model):
    """Two people who know each other (met through a match, a partnership or a situation).

    Stored once per pair with the lower profile id first.
    """

    person_a = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=40, default="manual")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="connection_once_per_pair"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="connection_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a} – {self.person_b}"
