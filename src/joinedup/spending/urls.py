from django.urls import path

from joinedup.spending import views

app_name = "spending"

urlpatterns = [
    path("", views.count_list, name="list"),
    path("template.csv", views.template_download, name="template"),
    path("new/<str:gss_code>/", views.count_new, name="new"),
    path("<int:count_id>/", views.count_detail, name="detail"),
    path("<int:count_id>/openness/", views.count_openness, name="openness"),
    path("<int:count_id>/import/", views.import_new, name="import_new"),
    path("<int:count_id>/lines/new/", views.line_new, name="line_new"),
    path("<int:count_id>/imports/<int:import_id>/", views.import_detail, name="import"),
    path("<int:count_id>/totals.csv", views.totals_csv, name="totals_csv"),
    path("<int:count_id>/360giving.json", views.giving_json, name="giving_json"),
    path("<int:count_id>/themes/<str:theme>/situation/", views.theme_situation, name="theme_situation"),
]
