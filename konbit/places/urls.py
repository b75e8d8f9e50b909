from django.urls import path

from konbit.places import views

app_name = "places"
urlpatterns = [
    path("places/", views.index, name="index"),
    path("places/departments/<str:pcode>/", views.department_detail, name="department"),
    path("places/communes/<str:pcode>/", views.commune_detail, name="commune"),
]
