from django.urls import path

from konbit.core.imports import views as imports
from konbit.logistics import views
from konbit.logistics.register import KIND

app_name = "logistics"
urlpatterns = [
    path("logistics/assets/", views.asset_list, name="assets"),
    path("logistics/assets/new/", views.asset_create, name="asset_create"),
    path("logistics/assets/export/", views.asset_export, name="export"),
    path("logistics/assets/import/", imports.upload, {"kind": KIND}, name="import"),
    path("logistics/assets/<uuid:pk>/", views.asset_detail, name="asset"),
    path("logistics/assets/<uuid:pk>/edit/", views.asset_edit, name="asset_edit"),
    path("logistics/assets/<uuid:pk>/status/", views.status_new, name="status_new"),
    path("logistics/assets/<uuid:pk>/jobs/new/", views.job_new, name="job_new"),
    path("logistics/jobs/<uuid:pk>/close/", views.job_close, name="job_close"),
    path("logistics/availability/", views.availability_page, name="availability"),
]
