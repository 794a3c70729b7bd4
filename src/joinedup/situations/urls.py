from django.urls import path

from joinedup.situations import views

app_name = "situations"
urlpatterns = [
    path("", views.situation_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:situation_id>/", views.detail, name="detail"),
    path("<int:situation_id>/edit/", views.edit, name="edit"),
    path("<int:situation_id>/members/", views.members, name="members"),
    path("<int:situation_id>/members/<int:membership_id>/", views.member_update, name="member-update"),
    path("<int:situation_id>/members/<int:membership_id>/remove/", views.member_remove, name="member-remove"),
    path("<int:situation_id>/history/", views.history, name="history"),
]
