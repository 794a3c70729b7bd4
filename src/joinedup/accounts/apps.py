from django.apps import AppConfig

# A person's account history also records each sign-in (last_login is excluded, but the save is not):
# only these fields make a change worth auditing.
AUDITED_FIELDS = {"role", "is_active", "is_superuser", "email", "name"}


class AccountsConfig(AppConfig):
    name = "joinedup.accounts"
    label = "accounts"

    def ready(self) -> None:
        from joinedup.accounts.models import User
        from joinedup.core import audit

        audit.register(User, "Account", fields=AUDITED_FIELDS)
