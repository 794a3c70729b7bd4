from django.urls import path

from joinedup.core import audit, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("about-the-data/", views.about_data, name="about-data"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", audit.audit_log, name="audit"),
]
