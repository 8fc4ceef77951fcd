"""Login and logout pages, and each staff member's language (claimdesk.language)."""
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from audit.models import AuditEntry
from registry.models import StaffProfile
from tests.county import PASSWORD


def _set_language(username: str, language: str) -> None:
    StaffProfile.objects.filter(user__username=username).update(language=language)


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_login_lands_on_the_site_with_name_and_role(county, client):
    response = client.post("/accounts/login/", {"username": "leader_t02", "password": PASSWORD},
                           follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "leader_t02"
    assert response.redirect_chain[0][0] == "/"
    page = response.content.decode()
    assert "leader_t02" in page
    assert str(county.staff["leader_t02"].staff.get_role_display()) in page


def test_wrong_password_is_refused(county, client):
    response = client.post("/accounts/login/", {"username": "clerk_t01", "password": "wrong"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("stored", ["en", "zh-hans"])
def test_login_activates_the_stored_language(county, client, stored):
    _set_language("clerk_t01", stored)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en" if stored == "zh-hans" else "zh-hans"
    response = client.post("/accounts/login/", {"username": "clerk_t01", "password": PASSWORD},
                           follow=True)
    assert response["Content-Language"] == stored
    assert f'lang="{stored}"'.encode() in response.content


def test_switching_language_stores_it_on_the_profile_with_an_audit_row(county, client):
    client.force_login(county.staff["clerk_t01"])
    response = client.post("/language/", {"language": "zh-hans", "next": "/claims/claim/"})
    assert response.status_code == 302
    assert response["Location"] == "/claims/claim/"
    profile = StaffProfile.objects.get(user__username="clerk_t01")
    assert profile.language == "zh-hans"
    entry = AuditEntry.objects.get(action="staff.language")
    assert entry.actor == county.staff["clerk_t01"]
    assert entry.changes == {"language": ["en", "zh-hans"]}
    assert client.get("/claims/claim/")["Content-Language"] == "zh-hans"

    client.post("/language/", {"language": "en", "next": "/"})
    profile.refresh_from_db()
    assert profile.language == "en"
    assert client.get("/claims/claim/")["Content-Language"] == "en"


def test_unknown_language_changes_nothing(county, client):
    client.force_login(county.staff["clerk_t01"])
    client.post("/language/", {"language": "de", "next": "/"})
    assert StaffProfile.objects.get(user__username="clerk_t01").language == "en"
    assert not AuditEntry.objects.filter(action="staff.language").exists()


def test_language_switch_needs_post(county, client):
    client.force_login(county.staff["clerk_t01"])
    assert client.get("/language/?language=zh-hans").status_code == 405
    assert StaffProfile.objects.get(user__username="clerk_t01").language == "en"


def test_anonymous_visitor_switches_the_login_page_by_cookie(client):
    response = client.post("/language/", {"language": "zh-hans", "next": "/accounts/login/"},
                           follow=True)
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert response["Content-Language"] == "zh-hans"


def test_default_language_is_simplified_chinese(county, client, settings):
    """The project default; the suite itself runs in English (tests/conftest.py)."""
    settings.LANGUAGE_CODE = "zh-hans"
    assert client.get("/accounts/login/")["Content-Language"] == "zh-hans"
    newcomer = get_user_model().objects.create_user("newcomer", password="x" * 12)
    assert StaffProfile.objects.create(user=newcomer, role="accountant").language == "zh-hans"
    client.force_login(newcomer)
    assert client.get("/claims/claim/")["Content-Language"] == "zh-hans"


def test_logout_ends_the_session(county, client):
    client.force_login(county.staff["clerk_t01"])
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert client.get("/claims/claim/").status_code == 302
