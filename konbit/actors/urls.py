from django.urls import path

from konbit.actors.views import maps, names, network, registry, statements

app_name = "actors"
urlpatterns = [
    path("armed-groups/", registry.group_list, name="groups"),
    path("armed-groups/new/", registry.group_create, name="group_create"),
    path("armed-groups/counts/", registry.group_counts, name="counts"),
    path("armed-groups/territory/", maps.territory_map, name="territory"),
    path("armed-groups/territory/data/", maps.territory_data, name="territory_data"),
    path("armed-groups/network/", network.network_page, name="network"),
    path("armed-groups/network/data/", network.network_data, name="network_data"),
    path("armed-groups/reviews/", statements.review_list, name="reviews"),
    path("armed-groups/<uuid:pk>/", registry.group_detail, name="group"),
    path("armed-groups/<uuid:pk>/edit/", registry.group_edit, name="group_edit"),
    path("armed-groups/<uuid:pk>/release/", registry.group_release, name="group_release"),
    path("armed-groups/<uuid:pk>/map/", maps.group_map, name="group_map"),
    path("actor-persons/", registry.person_list, name="persons"),
    path("actor-persons/new/", registry.person_create, name="person_create"),
    path("actor-persons/<uuid:pk>/", registry.person_detail, name="person"),
    path("actor-persons/<uuid:pk>/edit/", registry.person_edit, name="person_edit"),
    path("actor-persons/<uuid:pk>/release/", registry.person_release, name="person_release"),
    *statements.routes(),
    path("actor-names/", names.name_list, name="names"),
    *(
        path(
            f"actor-names/<uuid:pk>/{decision}/",
            names.name_decide,
            {"decision": decision},
            name="name_decide",
        )
        for decision in ("confirm", "reject", "link")
    ),
]
