from django.urls import path

from konbit.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_list, name="audit"),
    path("imports/", views.import_list, name="imports"),
    path("imports/<uuid:pk>/", views.import_detail, name="import_detail"),
]
