from django.urls import path

from konbit.outreach import views

app_name = "outreach"
urlpatterns = [
    path("outreach/activities/", views.activity_list, name="activities"),
    path("outreach/activities/new/", views.activity_create, name="activity_create"),
    path("outreach/activities/<uuid:pk>/", views.activity_detail, name="activity"),
    path("outreach/activities/<uuid:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("outreach/activities/<uuid:pk>/concern/", views.concern_new, name="concern_new"),
    path("outreach/statistics/", views.activity_stats_page, name="stats"),
    path("outreach/map/", views.activity_map, name="map"),
    path("outreach/referrals/", views.referral_list, name="referrals"),
    path("outreach/referrals/<uuid:pk>/", views.referral_detail, name="referral"),
    path("outreach/referrals/<uuid:pk>/receive/", views.referral_receive, name="referral_receive"),
]
