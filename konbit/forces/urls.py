from django.urls import path

from konbit.core.imports import views as imports
from konbit.forces.roster import KIND
from konbit.forces.views import roster, strength
from konbit.forces.views.kinds import ALL

app_name = "forces"
urlpatterns = [
    path("forces/strength/", strength.strength_page, name="strength"),
    path("forces/roster/", imports.upload, {"kind": KIND}, name="roster_upload"),
    path(
        "forces/contingents/<uuid:pk>/roster.<str:fmt>",
        roster.roster_export,
        name="roster_export",
    ),
]
for pages in ALL:
    urlpatterns += pages.urls()
