from django.urls import path

from joinedup.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:partnership_id>/", views.detail, name="detail"),
    path("<int:partnership_id>/edit/", views.edit, name="edit"),
    path("<int:partnership_id>/confirm/", views.confirm, name="confirm"),
    path("<int:partnership_id>/do/<slug:action>/", views.transition, name="transition"),
    path("<int:partnership_id>/close/", views.close, name="close"),
    path("<int:partnership_id>/history/", views.history, name="history"),
    path("<int:partnership_id>/people/add/", views.add_participant, name="add-participant"),
    path(
        "<int:partnership_id>/people/<int:participant_id>/remove/",
        views.remove_participant,
        name="remove-participant",
    ),
    path("<int:partnership_id>/declare/", views.declare, name="declare"),
    path("<int:partnership_id>/champions/add/", views.add_champion, name="add-champion"),
    path("<int:partnership_id>/champions/<int:champion_id>/left/", views.champion_left, name="champion-left"),
    path("<int:partnership_id>/costs/add/", views.add_cost, name="add-cost"),
    path("<int:partnership_id>/costs/<int:cost_id>/remove/", views.remove_cost, name="remove-cost"),
    path("<int:partnership_id>/deliverables/add/", views.add_deliverable, name="add-deliverable"),
    path(
        "<int:partnership_id>/deliverables/<int:deliverable_id>/",
        views.edit_deliverable,
        name="edit-deliverable",
    ),
    path(
        "<int:partnership_id>/deliverables/<int:deliverable_id>/milestones/add/",
        views.add_milestone,
        name="add-milestone",
    ),
    path("<int:partnership_id>/checks/new/", views.schedule_check, name="schedule-check"),
    path("<int:partnership_id>/checks/<int:check_id>/", views.check, name="check"),
    path("<int:partnership_id>/checks/<int:check_id>/close/", views.close_check, name="close-check"),
    path("<int:partnership_id>/checks/<int:check_id>/codes/", views.issue_codes, name="issue-codes"),
    path("answer/<str:token>/", views.answer_link, name="answer-link"),
    path("code/", views.enter_code, name="enter-code"),
    path("answered/", views.answered, name="answered"),
    path("code/<str:code>/", views.answer_code, name="answer-code"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/<int:programme_id>/", views.programme, name="programme"),
    path("programmes/<int:programme_id>/export.csv", views.programme_csv, name="programme-csv"),
]
