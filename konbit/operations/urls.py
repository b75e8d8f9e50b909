from django.urls import path

from konbit.core.imports import views as imports
from konbit.operations import views, views_analysis
from konbit.operations.acled_write import KIND

app_name = "operations"
urlpatterns = [
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/new/", views.incident_create, name="incident_create"),
    path("incidents/figures/", views.incident_figures, name="incident_figures"),
    path("incidents/map/", views_analysis.incident_map, name="map"),
    path("incidents/trends/", views_analysis.incident_trends, name="trends"),
    path("incidents/import/", imports.upload, {"kind": KIND}, name="import"),
    path("incidents/<uuid:pk>/", views.incident_detail, name="incident"),
    path("incidents/<uuid:pk>/edit/", views.incident_edit, name="incident_edit"),
    path("incidents/<uuid:pk>/release/", views.incident_release, name="incident_release"),
    path("operations/", views.operation_list, name="operations"),
    path("operations/new/", views.operation_create, name="operation_create"),
    path("operations/<uuid:pk>/", views.operation_detail, name="operation"),
    path("operations/<uuid:pk>/edit/", views.operation_edit, name="operation_edit"),
]
