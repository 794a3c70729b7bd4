from django.urls import path

from joinedup.people import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/edit/", views.edit, name="edit"),
    path("me/data/", views.my_data, name="my-data"),
    path("<int:profile_id>/", views.detail, name="detail"),
]
