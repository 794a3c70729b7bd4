from django.urls import path

from joinedup.places import views

app_name = "places"
urlpatterns = [
    path("", views.place_list, name="list"),
    path("<str:gss_code>/", views.detail, name="detail"),
    path("<str:gss_code>/edit/", views.edit, name="edit"),
]
