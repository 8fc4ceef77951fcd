"""Sign-in and password pages, mounted at /accounts/ before django.contrib.auth.urls (which
serves log-out and the password reset pages)."""
from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
]
