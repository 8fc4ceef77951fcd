"""Session time-outs: signed out after SESSION_IDLE_MINUTES without a request, and after
SESSION_COOKIE_AGE seconds from sign-in whatever the activity (issue 9: session timeout).

Why a middleware and not SESSION_SAVE_EVERY_REQUEST: that writes the session row on every
request; here the last-seen time is written at most once a minute, which keeps busy review
pages from paying a database write each.
"""
import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import timezone
from django.utils.translation import gettext as _

SIGNED_IN_AT = "claimdesk_signed_in_at"
LAST_SEEN = "claimdesk_last_seen"
REFRESH = dt.timedelta(minutes=1)


def start(request, now: dt.datetime) -> None:
    """Called on sign-in: the session's clocks start now."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN] = now.timestamp()


def expired(session, now: dt.datetime) -> bool:
    idle = dt.timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    longest = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    last_seen, signed_in = session.get(LAST_SEEN), session.get(SIGNED_IN_AT)
    if last_seen is None or signed_in is None:
        return True
    return (now.timestamp() - last_seen > idle.total_seconds()
            or now.timestamp() - signed_in > longest.total_seconds())


class SessionTimeoutMiddleware:
    """Sign out a session that was idle too long or is too old (after AuthenticationMiddleware).

    The next page then asks to sign in again, as for anyone anonymous.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            now = timezone.now()
            if expired(request.session, now):
                logout(request)
                messages.info(request, _("Your session expired. Please sign in again."))
            elif now.timestamp() - request.session[LAST_SEEN] >= REFRESH.total_seconds():
                request.session[LAST_SEEN] = now.timestamp()
        return self.get_response(request)
