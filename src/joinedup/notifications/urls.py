from django.urls import path

from joinedup.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notification_id>/open/", views.open_notification, name="open"),
    path("read/", views.mark_all_read, name="mark-all-read"),
    path("preferences/", views.preferences, name="preferences"),
    path("failed/", views.failed, name="failed"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
]
