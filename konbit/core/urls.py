from django.urls import path

from konbit.core import choosers, views
from konbit.core.imports import views as imports

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_list, name="audit"),
    path("access/", views.access_table_page, name="access_table"),
    path("imports/", imports.import_list, name="imports"),
    path("imports/<uuid:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<uuid:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("imports/<uuid:pk>/cancel/", imports.import_cancel, name="import_cancel"),
    path("imports/<slug:kind>/template.<str:fmt>", imports.example, name="import_example"),
    # The choosers' suggestions (core.choosers): one route per registered chooser.
    *choosers.urlpatterns(),
]
