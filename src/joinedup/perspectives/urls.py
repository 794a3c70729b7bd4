from django.urls import path

from joinedup.perspectives import views

app_name = "perspectives"
urlpatterns = [
    path("situation/<int:situation_id>/", views.conversation_list, name="list"),
    path("situation/<int:situation_id>/new/", views.conversation_create, name="create"),
    path("<int:conversation_id>/", views.detail, name="detail"),
    path("<int:conversation_id>/edit/", views.edit, name="edit"),
    path("<int:conversation_id>/new-link/", views.new_link, name="new-link"),
    path("<int:conversation_id>/vote/", views.vote, name="vote"),
    path("<int:conversation_id>/statements/new/", views.statement_add, name="statement-add"),
    path("<int:conversation_id>/statements/upload/", views.statement_upload, name="statement-upload"),
    path("<int:conversation_id>/moderation/", views.moderation, name="moderation"),
    path("<int:conversation_id>/moderation/<int:statement_id>/", views.moderate, name="moderate"),
    path("<int:conversation_id>/report/", views.report, name="report"),
    path("<int:conversation_id>/summary/", views.summary, name="summary"),
    path("<int:conversation_id>/export/", views.export, name="export"),
    path("<int:conversation_id>/export/votes.zip", views.export_votes, name="export-votes"),
    path("<int:conversation_id>/export/full.zip", views.export_full, name="export-full"),
    path("join/<str:token>/", views.join, name="join"),
    path("join/<str:token>/vote/", views.link_vote, name="link-vote"),
    path("join/<str:token>/statements/new/", views.link_statement_add, name="link-statement-add"),
]
