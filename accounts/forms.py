"""The login form: says so when the user name is locked out, instead of "did not match"."""
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from accounts import throttle


class LoginForm(AuthenticationForm):
    locked_out = False

    def get_invalid_login_error(self):
        username = self.cleaned_data.get("username") or ""
        self.locked_out = throttle.is_locked(username, throttle.client_address(self.request))
        if self.locked_out:
            minutes = settings.LOGIN_LOCKOUT_MINUTES
            return ValidationError(
                ngettext(
                    "Too many failed sign-ins. Try again in at most %(minutes)d minute.",
                    "Too many failed sign-ins. Try again in at most %(minutes)d minutes.",
                    minutes) % {"minutes": minutes},
                code="locked_out")
        return super().get_invalid_login_error()
