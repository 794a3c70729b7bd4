from django.urls import path

from joinedup.systemmaps import endpoints, views

app_name = "systemmaps"
urlpatterns = [
    path("situation/<int:situation_id>/", views.map_list, name="list"),
    path("situation/<int:situation_id>/import/", views.map_import, name="import"),
    path("<int:map_id>/", views.detail, name="detail"),
    path("<int:map_id>/factors/add/", views.factor_add, name="factor-add"),
    path("<int:map_id>/factors/<int:factor_id>/edit/", views.factor_edit, name="factor-edit"),
    path("<int:map_id>/factors/<int:factor_id>/delete/", views.factor_delete, name="factor-delete"),
    path("<int:map_id>/links/add/", views.link_add, name="link-add"),
    path("<int:map_id>/links/<int:link_id>/edit/", views.link_edit, name="link-edit"),
    path("<int:map_id>/links/<int:link_id>/delete/", views.link_delete, name="link-delete"),
    path("<int:map_id>/changes/", views.change_list, name="changes"),
    path("<int:map_id>/versions/", views.versions, name="versions"),
    path("<int:map_id>/changes/<int:change_id>/undo/", views.change_undo, name="change-undo"),
    path("<int:map_id>/export/<str:name>", views.export, name="export"),
    path("<int:map_id>/editor/", views.editor, name="editor"),
    path("<int:map_id>/data/", endpoints.map_data, name="data"),
    path("<int:map_id>/data/factors/", endpoints.factor_create, name="data-factors"),
    path("<int:map_id>/data/factors/<int:factor_id>/", endpoints.factor_change, name="data-factor"),
    path(
        "<int:map_id>/data/factors/<int:factor_id>/delete/",
        endpoints.factor_remove,
        name="data-factor-delete",
    ),
    path("<int:map_id>/data/links/", endpoints.link_create, name="data-links"),
    path("<int:map_id>/data/links/<int:link_id>/", endpoints.link_change, name="data-link"),
    path("<int:map_id>/data/links/<int:link_id>/delete/", endpoints.link_remove, name="data-link-delete"),
    path("<int:map_id>/data/undo/", endpoints.undo_last, name="data-undo"),
    path("<int:map_id>/data/redo/", endpoints.redo_last, name="data-redo"),
    path("<int:map_id>/data/analysis/", endpoints.map_analysis, name="data-analysis"),
    path("<int:map_id>/data/simulate/", endpoints.map_simulate, name="data-simulate"),
    path("<int:map_id>/data/tidy/", endpoints.layout_tidy, name="data-tidy"),
]
