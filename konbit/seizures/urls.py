from django.urls import path

from konbit.seizures import views, views_custody

app_name = "seizures"
urlpatterns = [
    path("seizures/", views.seizure_list, name="list"),
    path("seizures/new/", views.seizure_create, name="create"),
    path("seizures/stats/", views_custody.stats_page, name="stats"),
    path("seizures/register/", views_custody.register, name="register"),
    path("seizures/custody/awaiting/", views_custody.awaiting, name="awaiting"),
    path("seizures/custody/overdue/", views_custody.overdue, name="overdue"),
    path("seizures/custody/<uuid:pk>/answer/", views_custody.custody_answer, name="answer"),
    path("seizures/<uuid:pk>/", views.seizure_detail, name="detail"),
    path("seizures/<uuid:pk>/edit/", views.seizure_edit, name="edit"),
    path("seizures/<uuid:pk>/release/", views.seizure_release, name="release"),
    path("seizures/<uuid:pk>/items/new/", views.item_create, name="item_create"),
    path("seizures/items/<uuid:pk>/", views.item_detail, name="item"),
    path("seizures/items/<uuid:pk>/edit/", views.item_edit, name="item_edit"),
    path("seizures/items/<uuid:pk>/custody/", views_custody.custody_entry, name="custody_entry"),
]
