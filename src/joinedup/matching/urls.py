from django.urls import path

from joinedup.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.home, name="home"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/block/", views.block_add, name="block-add"),
    path("preferences/block/<int:block_id>/remove/", views.block_remove, name="block-remove"),
    path("matches/<int:match_id>/", views.match_detail, name="match-detail"),
    path("matches/<int:match_id>/calendar.ics", views.match_calendar, name="match-calendar"),
    path("matches/<int:match_id>/feedback/", views.match_feedback, name="match-feedback"),
    path("matches/<int:match_id>/rematch/", views.match_rematch, name="match-rematch"),
    path("rounds/", views.round_list, name="round-list"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:round_id>/", views.round_detail, name="round-detail"),
    path("rounds/<int:round_id>/run/", views.round_run, name="round-run"),
    path("rounds/<int:round_id>/publish/", views.round_publish, name="round-publish"),
    path("bridges/", views.bridges, name="bridges"),
    path("network/<str:gss_code>/", views.network, name="network"),
    path("secondments/", views.board, name="board"),
    path("secondments/new/", views.scheme_create, name="scheme-create"),
    path("secondments/<int:scheme_id>/", views.scheme_detail, name="scheme-detail"),
    path("secondments/<int:scheme_id>/apply/", views.apply, name="apply"),
    path("secondments/<int:scheme_id>/run/", views.scheme_run, name="scheme-run"),
    path("secondments/<int:scheme_id>/publish/", views.scheme_publish, name="scheme-publish"),
    path("secondments/offer/", views.opportunity_create, name="opportunity-create"),
    path(
        "secondments/opportunities/<int:opportunity_id>/", views.opportunity_detail, name="opportunity-detail"
    ),
    path(
        "secondments/opportunities/<int:opportunity_id>/rank/",
        views.opportunity_rank,
        name="opportunity-rank",
    ),
    path("events/", views.event_list, name="event-list"),
    path("events/new/", views.event_create, name="event-create"),
    path("events/<int:event_id>/", views.event_detail, name="event-detail"),
    path("events/<int:event_id>/register/", views.event_register, name="event-register"),
    path("events/<int:event_id>/cancel/", views.event_unregister, name="event-unregister"),
    path("events/<int:event_id>/seat/", views.event_seat, name="event-seat"),
    path("events/<int:event_id>/plan/", views.event_plan, name="event-plan"),
]
