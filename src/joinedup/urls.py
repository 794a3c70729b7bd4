from django.contrib import admin
from django.urls import include, path

from joinedup.api.api import api

admin.site.site_header = "Joined Up administration"
admin.site.site_title = "Joined Up admin"

urlpatterns = [
    path("", include("joinedup.core.urls")),
    path("accounts/", include("joinedup.accounts.urls")),
    path("places/", include("joinedup.places.urls")),
    path("people/", include("joinedup.people.urls")),
    path("situations/", include("joinedup.situations.urls")),
    path("jobs/", include("joinedup.jobs.urls")),
    path("invitations/", include("joinedup.invitations.urls")),
    path("notifications/", include("joinedup.notifications.urls")),
    path("conversations/", include("joinedup.perspectives.urls")),
    path("maps/", include("joinedup.systemmaps.urls")),
    path("learning/", include("joinedup.learning.urls")),
    path("spending/", include("joinedup.spending.urls")),
    path("partnerships/", include("joinedup.partnerships.urls")),
    path("matching/", include("joinedup.matching.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "joinedup.core.errors.bad_request"
handler403 = "joinedup.core.errors.forbidden"
handler404 = "joinedup.core.errors.not_found"
handler500 = "joinedup.core.errors.server_error"
