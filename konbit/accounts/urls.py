from django.contrib.auth import views as auth_views
from django.urls import path

from konbit.accounts import views
from konbit.core.policies import OPEN, guarded

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", guarded(OPEN)(auth_views.LogoutView.as_view()), name="logout"),
    path("accounts/two-factor/", views.two_factor, name="two_factor"),
    path("accounts/", views.account, name="account"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/tokens/<uuid:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
