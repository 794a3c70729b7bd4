from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "joinedup.accounts"
    label = "accounts"

    def ready(self) -> None:
        from joinedup.accounts import backends  # noqa: F401  (connects the failed sign-in counter)
