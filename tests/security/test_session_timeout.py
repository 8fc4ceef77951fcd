"""Session time-outs (accounts.sessions): idle for SESSION_IDLE_MINUTES, or older than
SESSION_COOKIE_AGE, and the next page asks to sign in again."""
import datetime as dt

import pytest
from django.utils import timezone

from accounts import sessions

PAGE = "/claims/claim/"


@pytest.fixture
def signed_in(county, client, settings):
    settings.SESSION_IDLE_MINUTES = 30
    settings.SESSION_COOKIE_AGE = 8 * 3600
    client.force_login(county.staff["clerk_t01"])
    return client


def shift_clocks(client, idle: dt.timedelta, since_sign_in: dt.timedelta):
    session = client.session
    now = timezone.now()
    session[sessions.LAST_SEEN] = (now - idle).timestamp()
    session[sessions.SIGNED_IN_AT] = (now - since_sign_in).timestamp()
    session.save()


def test_an_active_session_stays_signed_in(signed_in):
    shift_clocks(signed_in, dt.timedelta(minutes=29), dt.timedelta(hours=7))
    assert signed_in.get(PAGE).status_code == 200
    assert signed_in.session[sessions.LAST_SEEN] > (timezone.now()
                                                    - dt.timedelta(seconds=5)).timestamp()


def test_an_idle_session_is_signed_out(signed_in):
    shift_clocks(signed_in, dt.timedelta(minutes=31), dt.timedelta(minutes=40))
    response = signed_in.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in signed_in.session


def test_a_busy_session_ends_after_the_cookie_age(signed_in):
    shift_clocks(signed_in, dt.timedelta(minutes=1), dt.timedelta(hours=8, minutes=1))
    response = signed_in.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_last_seen_time_is_written_at_most_once_a_minute(signed_in):
    shift_clocks(signed_in, dt.timedelta(seconds=10), dt.timedelta(minutes=5))
    before = signed_in.session[sessions.LAST_SEEN]
    signed_in.get(PAGE)
    assert signed_in.session[sessions.LAST_SEEN] == before
