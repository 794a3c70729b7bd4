"""Users sign in by email. A role says what they may run and see beyond their own work."""

import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    COORDINATOR = "coordinator", "Coordinator"
    ADMIN = "admin", "Admin"


COORDINATOR_EXCLUDED_APPS = {"accounts", "auth", "axes", "otp_totp", "otp_static", "sessions", "admin"}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("role", Role.ADMIN)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("Email address", unique=True)
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Who changed a person's role or account, for the audit page (core/audit.py); secrets are not copied.
    history = HistoricalRecords(excluded_fields=["password", "last_login", "date_joined"])

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # narrows the stubs' manager

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def is_staff(self) -> bool:  # type: ignore[override]  # a property from the role, not a field
        # The Django admin is for coordinators and admins only; the role is the one switch.
        return self.is_active and self.role in {Role.COORDINATOR, Role.ADMIN}

    @property
    def is_coordinator(self) -> bool:
        return self.role in {Role.COORDINATOR, Role.ADMIN}

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        if not self.is_active:
            return False
        if self.is_admin:
            return True
        if self.role == Role.COORDINATOR:
            # Coordinators curate the shared data in the admin, but never manage accounts or security.
            app_label = perm.split(".", 1)[0]
            return app_label not in COORDINATOR_EXCLUDED_APPS
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if not self.is_active:
            return False
        if self.is_admin:
            return True
        if self.role == Role.COORDINATOR:
            return app_label not in COORDINATOR_EXCLUDED_APPS
        return super().has_module_perms(app_label)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class TokenScope(models.TextChoices):
    READ = "read", "Read"
    WRITE = "write", "Read and write"


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 digest is stored. It reads, or reads and writes, until it
    expires (docs/security.md, "API tokens")."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"API token for {self.user} ({self.get_scope_display().lower()}, expires {self.expires_at:%Y-%m-%d})"

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.WRITE

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_raw_token() -> str:
        return "ju_" + secrets.token_urlsafe(32)
