"""Places (local authority areas) and organisations, loaded from public reference data."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Sector(models.TextChoices):
    CENTRAL = "central", "Central government"
    LOCAL = "local", "Local government"
    OTHER = "other", "Other"


class OrganisationKind(models.TextChoices):
    MINISTERIAL = "ministerial", "Ministerial department"
    NON_MINISTERIAL = "non_ministerial", "Non-ministerial department"
    AGENCY = "agency", "Agency or public body"
    COUNCIL = "council", "Council"
    COMBINED_AUTHORITY = "combined_authority", "Combined authority"
    HEALTH = "health", "Health body"
    POLICE = "police", "Police"
    VOLUNTARY = "voluntary", "Voluntary and community"
    OTHER = "other", "Other"


SECTOR_OF_KIND: dict[str, str] = {
    OrganisationKind.MINISTERIAL: Sector.CENTRAL,
    OrganisationKind.NON_MINISTERIAL: Sector.CENTRAL,
    OrganisationKind.AGENCY: Sector.CENTRAL,
    OrganisationKind.COUNCIL: Sector.LOCAL,
    OrganisationKind.COMBINED_AUTHORITY: Sector.LOCAL,
    OrganisationKind.HEALTH: Sector.OTHER,
    OrganisationKind.POLICE: Sector.OTHER,
    OrganisationKind.VOLUNTARY: Sector.OTHER,
    OrganisationKind.OTHER: Sector.OTHER,
}


class Place(models.Model):
    """A current UK local authority area (or a combined authority's area), keyed by mySociety's code."""

    code = models.CharField(max_length=8, unique=True, help_text="mySociety local-authority-code")
    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=200, db_index=True)
    official_name = models.CharField(max_length=250)
    alt_names = models.TextField(blank=True, help_text="Other spellings, as listed by the source")
    nation = models.CharField(max_length=40, db_index=True)
    region = models.CharField(max_length=60, blank=True, db_index=True)
    region_code = models.CharField(max_length=9, blank=True)
    kind = models.CharField(max_length=8, help_text="mySociety type code: UA, NMD, MD, LBO, CTY, COMB…")
    kind_name = models.CharField(max_length=60)
    county = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="districts"
    )
    combined_authority = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="member_places"
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    area_km2 = models.FloatField("Area (km²)", null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:detail", args=[self.gss_code])


class PlaceKnowledge(models.Model):
    """What people on the platform know of a place; every change is kept with who made it."""

    place = models.OneToOneField(Place, on_delete=models.CASCADE, related_name="knowledge")
    partnership_history = models.TextField("History of partnership working", blank=True)
    local_structures = models.TextField("Local structures", blank=True)
    local_priorities = models.TextField("Local priorities", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Knowledge of {self.place}"


class Organisation(models.Model):
    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=250, db_index=True)
    abbreviation = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    sector = models.CharField(max_length=10, choices=Sector.choices, db_index=True)
    govuk_id = models.CharField("GOV.UK analytics id", max_length=20, blank=True)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    web_url = models.URLField(blank=True)
    source = models.CharField(max_length=20, default="manual", help_text="govuk, mysociety or manual")
    is_active = models.BooleanField(default=True, help_text="False once the source no longer lists it")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The sector is a fact of the kind, never set separately.
        self.sector = SECTOR_OF_KIND[self.kind]
        super().save(*args, **kwargs)
