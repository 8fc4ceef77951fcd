"""Per-user language: English or Simplified Chinese, stored on the StaffProfile (DESIGN.md:
English and Simplified Chinese ship).

The stored language wins over the browser's and the cookie's for every request of a signed-in
staff member, so it follows them from machine to machine and is active right after login.
"""
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from audit import services as audit


class UserLanguageMiddleware:
    """Activate the signed-in staff member's stored language (after LocaleMiddleware and auth)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        profile = getattr(request.user, "staff", None) if request.user.is_authenticated else None
        if profile is not None:
            translation.activate(profile.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


@require_POST
def switch_language(request):
    """Store the chosen language on the user's profile (audited), then set the cookie and go back.

    Anonymous visitors (the login page) only get the cookie, as with Django's set_language.
    """
    language = request.POST.get("language", "")
    profile = getattr(request.user, "staff", None) if request.user.is_authenticated else None
    if profile is not None and language in dict(settings.LANGUAGES) \
            and language != profile.language:
        with transaction.atomic():
            audit.record(request.user, "staff.language", profile,
                         {"language": [profile.language, language]})
            profile.language = language
            profile.save(update_fields=["language"])
    return set_language(request)
