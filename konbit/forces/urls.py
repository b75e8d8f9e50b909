from django.urls import path

from konbit.forces.views import roster, strength
from konbit.forces.views.kinds import ALL

app_name = "forces"
urlpatterns = [
    path("forces/strength/", strength.strength_page, name="strength"),
    path("forces/roster/", roster.roster_upload, name="roster_upload"),
    path("forces/roster/<uuid:pk>/", roster.roster_preview, name="roster_preview"),
    path("forces/roster/template.<str:fmt>", roster.roster_template, name="roster_template"),
    path(
        "forces/contingents/<uuid:pk>/roster.<str:fmt>",
        roster.roster_export,
        name="roster_export",
    ),
]
for pages in ALL:
    urlpatterns += pages.urls()
