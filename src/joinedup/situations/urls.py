from django.urls import path

from joinedup.situations import views

app_name = "situations"
urlpatterns = [
    path("", views.situation_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:situation_id>/", views.detail, name="detail"),
]
