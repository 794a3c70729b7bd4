"""System maps held in a situation: factors, signed links, and a change log that says who did what
from which perspective, and can be undone."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from joinedup.situations.models import Perspective, Situation


class Owner(models.TextChoices):
    CENTRAL = "central", "Central government"
    LOCAL = "local", "Local government"
    COMMUNITY = "community", "Community"
    OTHER = "other", "Other"


class Polarity(models.TextChoices):
    SAME = "+", "+ (same direction: more leads to more)"
    OPPOSITE = "-", "− (opposite direction: more leads to less)"
    UNKNOWN = "?", "? (it could go either way)"


# Perspectives whose contributions the pages mark and let readers filter on: the people who see the
# system from the ground, whose view is most often missing.
GROUND_PERSPECTIVES = (Perspective.FRONTLINE, Perspective.SERVICE_USER)


class SystemMap(models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="system_maps")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Goes up by one with every recorded change, so an editor that read revision n can tell that someone
    # else changed the map since (optimistic concurrency: the drawing editor sends the revision it has).
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("systemmaps:detail", args=[self.pk])


class Contribution(models.Model):
    """Who added a factor or link, and from which perspective (their membership's, at the time)."""

    # Blank once the account that added it is deleted (SET_NULL): the factor or link must stay editable.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    perspective = models.CharField(max_length=20, choices=Perspective.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def from_the_ground(self) -> bool:
        return self.perspective in GROUND_PERSPECTIVES


class Factor(Contribution):
    system_map = models.ForeignKey(SystemMap, on_delete=models.CASCADE, related_name="factors")
    key = models.CharField(max_length=100, help_text="The factor's id in exported files")
    label = models.CharField(max_length=200)
    owner = models.CharField(max_length=20, choices=Owner.choices, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    x = models.FloatField(null=True, blank=True)
    y = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["system_map", "key"], name="one_factor_key_per_map")]

    def __str__(self) -> str:
        return self.label


class Link(Contribution):
    system_map = models.ForeignKey(SystemMap, on_delete=models.CASCADE, related_name="links")
    source = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Factor, on_delete=models.CASCADE, related_name="links_in")
    polarity = models.CharField(max_length=1, choices=Polarity.choices)
    delay = models.BooleanField(default=False)
    strength = models.FloatField(default=1.0)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="one_link_per_pair")]

    def __str__(self) -> str:
        return f"{self.source} → {self.target} ({self.polarity})"


class ChangeAction(models.TextChoices):
    FACTOR_ADD = "factor_add", "Added a factor"
    FACTOR_EDIT = "factor_edit", "Changed a factor"
    FACTOR_DELETE = "factor_delete", "Removed a factor"
    LINK_ADD = "link_add", "Added a link"
    LINK_EDIT = "link_edit", "Changed a link"
    LINK_DELETE = "link_delete", "Removed a link"
    IMPORT = "import", "Imported the map"
    UNDO = "undo", "Undid a change"
    REDO = "redo", "Redid a change"


class Change(models.Model):
    """One change to a map, attributed, with the state before and after so it can be undone.

    `before`/`after` hold plain snapshots (a factor's fields, or a link's); a removed factor's snapshot
    also carries the links removed with it, so undoing the removal brings them back too.
    """

    system_map = models.ForeignKey(SystemMap, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    perspective = models.CharField(max_length=20, choices=Perspective.choices, blank=True)
    action = models.CharField(max_length=20, choices=ChangeAction.choices)
    summary = models.CharField(max_length=500)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    undoes = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.summary

    @property
    def can_undo(self) -> bool:
        return (
            self.action not in (ChangeAction.IMPORT, ChangeAction.UNDO, ChangeAction.REDO)
            and self.undone_at is None
        )


class MapAnalysis(models.Model):
    """The last completed analysis of a map (loops, leverage, boundaries, reach), as the engine's JSON report.

    Written whole, in one transaction, by the background job at its end; `fingerprint` is a hash of what
    the analysis reads (factors, their labels and owners, links), so the page knows whether it is current.
    """

    system_map = models.OneToOneField(SystemMap, on_delete=models.CASCADE, related_name="analysis")
    fingerprint = models.CharField(max_length=64)
    map_updated_at = models.DateTimeField(help_text="The map's last change when the analysis read it")
    factor_count = models.PositiveIntegerField()
    link_count = models.PositiveIntegerField()
    report = models.JSONField()
    seconds = models.FloatField(help_text="How long the analysis took")
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "map analyses"

    def __str__(self) -> str:
        return f"Analysis of {self.system_map}"


class MapVersion(models.Model):
    """The map as it was when someone saved a version ("after the March workshop"), to compare with later.

    `snapshot` holds factors and links as plain rows (see services.versions), so a version stays readable
    whatever happens to the map afterwards."""

    system_map = models.ForeignKey(SystemMap, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    snapshot = models.JSONField()
    factor_count = models.PositiveIntegerField()
    link_count = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["system_map", "number"], name="one_version_number_per_map")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}: {self.name}"
