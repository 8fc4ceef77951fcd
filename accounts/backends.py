"""The authentication backend: Django's ModelBackend behind the login throttle.

Every password sign-in (the login page, the admin's login, anything calling authenticate())
goes through here, so a locked user name and address is refused everywhere, right password or
not. Raising PermissionDenied stops Django trying further backends and still sends
user_login_failed, which the audit receiver records.
"""
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from accounts import throttle


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None and throttle.is_locked(username, throttle.client_address(request)):
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)
