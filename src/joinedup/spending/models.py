"""A place's count of its public pound (after Total Place, 2009–10): every participating body's spend lines.

A count belongs to a place and to the situation or partnership whose members made it; those members see all of
it. A count its members mark open is seen by every signed-in user, without its sensitive lines (ADR 0014).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from joinedup.partnerships.models import Partnership
from joinedup.places.models import Organisation, Place
from joinedup.situations.models import Situation


class Theme(models.TextChoices):
    CHILDREN_FAMILIES = "children_families", "Children and families"
    OLDER_PEOPLE = "older_people", "Older people"
    DRUGS_ALCOHOL = "drugs_alcohol", "Drugs and alcohol"
    OFFENDING = "offending", "Offending"
    WORKLESSNESS = "worklessness", "Worklessness"
    HOUSING = "housing", "Housing"
    MENTAL_HEALTH = "mental_health", "Mental health"
    DISABILITY = "disability", "Disability"
    OTHER = "other", "Other"


class Channel(models.TextChoices):
    DIRECT = "direct", "Delivered directly"
    COMMISSIONED = "commissioned", "Commissioned or contracted"
    GRANT = "grant", "Grant to a delivery body"
    PAYMENTS = "payments", "Payments to people"
    OTHER = "other", "Other"


class Confidence(models.TextChoices):
    ESTIMATED = "estimated", "Estimated"
    AUDITED = "audited", "Audited"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be read"
    DONE = "done", "Imported"
    FAILED = "failed", "Not imported"


class SpendCount(models.Model):
    """One place's count, made by the members of a situation or of a partnership (exactly one of them)."""

    title = models.CharField(max_length=200)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="spend_counts")
    situation = models.ForeignKey(
        Situation, null=True, blank=True, on_delete=models.CASCADE, related_name="spend_counts"
    )
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="spend_counts"
    )
    is_open = models.BooleanField(
        "Open to every signed-in user",
        default=False,
        help_text="Others then see the totals, never the lines marked sensitive",
    )
    is_illustrative = models.BooleanField(
        default=False, help_text="Made-up figures for demonstration, labelled as such wherever shown"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["place__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(situation__isnull=True, partnership__isnull=False)
                | models.Q(situation__isnull=False, partnership__isnull=True),
                name="spend_count_of_situation_or_partnership",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (self.situation_id is None) == (self.partnership_id is None):
            raise ValidationError("A count belongs to one situation or one partnership.")

    def get_absolute_url(self) -> str:
        return reverse("spending:detail", args=[self.pk])


class SpendImport(models.Model):
    """One body's upload of spend lines: who supplied it and when, and what became of it.

    The file's text is kept until it is read (a large one is read by a job), so the job needs no shared disk.
    """

    count = models.ForeignKey(SpendCount, on_delete=models.CASCADE, related_name="imports")
    body = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    supplied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    supplied_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200, blank=True)
    content = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    errors = models.JSONField(default=list, blank=True)
    line_count = models.PositiveIntegerField(default=0)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-supplied_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.body} for {self.count} ({self.get_status_display()})"


class SpendLine(models.Model):
    """One amount a body spends in the place in a financial year, on a theme, from a source, through a channel."""

    count = models.ForeignKey(SpendCount, on_delete=models.CASCADE, related_name="lines")
    body = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts: 2025 is 2025–26")
    theme = models.CharField(max_length=30, choices=Theme.choices)
    amount = models.DecimalField("Amount (£)", max_digits=14, decimal_places=2)
    # Whose money: a department (or other funder); none means the body's own, local, money.
    funder = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_central = models.BooleanField(help_text="Central government money (from the funder's sector)")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    people_served = models.PositiveIntegerField(null=True, blank=True)
    households_served = models.PositiveIntegerField(null=True, blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices, default=Confidence.ESTIMATED)
    is_sensitive = models.BooleanField(default=False, help_text="Seen only by the count's members")
    description = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(
        SpendImport, null=True, blank=True, on_delete=models.CASCADE, related_name="lines"
    )
    supplied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    supplied_at = models.DateTimeField()

    class Meta:
        ordering = ["year", "theme", "body__name"]
        indexes = [models.Index(fields=["count", "year"])]

    def __str__(self) -> str:
        return f"{self.body} {self.year} {self.get_theme_display()}: £{self.amount}"

    @property
    def year_label(self) -> str:
        return financial_year(self.year)


class ThemeLink(models.Model):
    """A situation started from a theme of a count, so the count's picture can point to it."""

    count = models.ForeignKey(SpendCount, on_delete=models.CASCADE, related_name="theme_links")
    theme = models.CharField(max_length=30, choices=Theme.choices)
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_theme_display()} → {self.situation}"


def financial_year(year: int) -> str:
    return f"{year}–{(year + 1) % 100:02d}"
