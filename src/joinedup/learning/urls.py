from django.urls import path

from joinedup.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.library, name="library"),
    path("evidence/", views.evidence, name="evidence"),
    path("lessons/new/", views.lesson_new, name="lesson_new"),
    path("lessons/<str:ref>/", views.lesson_detail, name="lesson"),
    path("lessons/<str:ref>/edit/", views.lesson_edit, name="lesson_edit"),
    path("lessons/<str:ref>/state/", views.lesson_state, name="lesson_state"),
    path("lessons/<str:ref>/comments/", views.lesson_comment, name="lesson_comment"),
    path("initiatives/", views.initiative_list, name="initiatives"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative"),
]
