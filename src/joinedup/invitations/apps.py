from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "joinedup.invitations"
    label = "invitations"
    verbose_name = "Invitations"
