from django.urls import path

from konbit.core.imports import views as imports
from konbit.training.importer import KIND
from konbit.training.views import ALL

app_name = "training"
urlpatterns = [
    path("training/import/", imports.upload, {"kind": KIND}, name="import"),
]
for pages in ALL:
    urlpatterns += pages.urls()
