from django.urls import path

from konbit.core.imports import views as imports
from konbit.stability import views
from konbit.stability.importer import KIND

app_name = "stability"
urlpatterns = [
    path("stability/", views.tree, name="tree"),
    path("stability/objectives/new/", views.objective_create, name="objective_create"),
    path("stability/objectives/<uuid:pk>/edit/", views.objective_edit, name="objective_edit"),
    path("stability/milestones/new/", views.milestone_create, name="milestone_create"),
    path("stability/milestones/<uuid:pk>/", views.milestone_detail, name="milestone"),
    path("stability/milestones/<uuid:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("stability/milestones/<uuid:pk>/status/", views.milestone_status, name="milestone_status"),
    path("stability/indicators/", views.indicators, name="indicators"),
    path("stability/indicators/new/", views.indicator_create, name="indicator_create"),
    path("stability/indicators/<uuid:pk>/", views.indicator_detail, name="indicator"),
    path("stability/indicators/<uuid:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("stability/values/", views.values, name="values"),
    path("stability/values/new/", views.value_create, name="value_create"),
    path("stability/values/<uuid:pk>/", views.value_detail, name="value"),
    path("stability/values/<uuid:pk>/edit/", views.value_edit, name="value_edit"),
    path("stability/map/", views.indicator_map, name="map"),
    path("stability/import/", imports.upload, {"kind": KIND}, name="import"),
]
