from django.urls import path

from konbit.oversight import views

app_name = "oversight"
urlpatterns = [
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/new/", views.complaint_create, name="complaint_create"),
    path("complaints/figures/", views.complaint_figures_page, name="figures"),
    path("complaints/referrals/", views.referral_list, name="referrals"),
    path("complaints/referrals/<uuid:pk>/open/", views.referral_open, name="referral_open"),
    path("complaints/<uuid:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<uuid:pk>/edit/", views.complaint_edit, name="complaint_edit"),
    path("complaints/<uuid:pk>/status/", views.complaint_status, name="complaint_status"),
    # The public, without an account.
    path("complaints/file/", views.file_complaint, name="file"),
    path("complaints/follow/", views.follow_complaint, name="follow"),
]
