"""Situations: shared endeavours across levels of government on an issue in one or more places."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from joinedup.people.models import PolicyArea
from joinedup.places.models import Place


class Perspective(models.TextChoices):
    CENTRAL = "central", "Central government"
    LOCAL = "local", "Local government"
    FRONTLINE = "frontline", "Frontline staff"
    SERVICE_USER = "service_user", "Service user"
    PARTNER = "partner", "Partner"


class MemberRole(models.TextChoices):
    CONVENER = "convener", "Convener"
    MEMBER = "member", "Member"


class SituationStatus(models.TextChoices):
    FORMING = "forming", "Forming"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    CLOSED = "closed", "Closed"


class Situation(models.Model):
    title = models.CharField(max_length=200)
    framing = models.TextField(help_text="How the situation looks from here, in a few sentences")
    places = models.ManyToManyField(Place, blank=True, related_name="situations")
    policy_areas = models.ManyToManyField(PolicyArea, blank=True, related_name="situations")
    status = models.CharField(max_length=20, choices=SituationStatus.choices, default=SituationStatus.FORMING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Places and policy areas are part of "who changed what", so their changes are kept too.
    history = HistoricalRecords(excluded_fields=["created_at"], m2m_fields=[places, policy_areas])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("situations:detail", args=[self.pk])


class Membership(models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="situation_memberships"
    )
    perspective = models.CharField(max_length=20, choices=Perspective.choices)
    role = models.CharField(max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["joined_at"])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["situation", "user"], name="one_membership_per_person")
        ]
        ordering = ["role", "user__name"]

    def __str__(self) -> str:
        return f"{self.user} in {self.situation} ({self.get_role_display()})"
