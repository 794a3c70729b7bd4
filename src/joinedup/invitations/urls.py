from django.urls import path

from joinedup.invitations import views

app_name = "invitations"
urlpatterns = [
    path("accept/<str:token>/", views.accept, name="accept"),
    path("<int:invitation_id>/resend/", views.resend, name="resend"),
    path("<int:invitation_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:kind>/<int:object_id>/", views.invite, name="invite"),
]
