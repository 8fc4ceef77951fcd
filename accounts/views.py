"""Sign-in and password pages: Django's views with the throttled form and an audited change."""
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy

from accounts.forms import LoginForm
from audit import services as audit
from claimdesk.admin_audit import HIDDEN_VALUE


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm


class PasswordChangeView(auth_views.PasswordChangeView):
    """Any signed-in user changes their own password (the validators of settings apply)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            audit.record(self.request.user, "password.change", self.request.user,
                         {"password": [HIDDEN_VALUE, HIDDEN_VALUE]})
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
