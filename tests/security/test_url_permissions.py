"""Every page and API endpoint refuses who may not use it (issue 9).

The pages are enumerated from the URL resolver (tests/security/urls.py), so a page added
anywhere is covered without touching this file. Each is requested, GET and POST, with its
path parameters filled with a real T01 / H2 object (tests/security/world.py):

- anonymously: refused (sent to a login page, 401, 403 or 405) unless it is in PUBLIC;
- by staff of the wrong scope (a clerk and a leader of T02, the administrator of H3): every
  page showing one object that registry.scope keeps from them answers 403 or 404 (or sends
  them to log in); the admin refuses everyone but administrators.
"""
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.core.cache import cache

from registry.choices import Role
from tests.security.urls import Filler, NoFiller, pages, subject_visible, url_of
from tests.security.world import build_world

PUBLIC = {
    # Signing in and out, and resetting a forgotten password, come before any login.
    "login", "logout", "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "admin:login", "admin:logout",
    # The language switch works on the login page (a cookie only, for visitors).
    "set_language", "switch_language",
    # DOMAIN.md "Monthly public notices": published notices are public, objections included.
    "notices:public_list", "notices:public_detail", "notices:public_pdf",
    # DOMAIN.md "Referrals": a receiving hospital checks a referral certificate by its code.
    "referrals_public:lookup", "referrals_public:verify",
    # The OpenAPI description holds no data; hospitals' integrators read it before they have
    # a token (every endpoint it describes needs one).
    "api-schema",
}
REFUSED = {401, 403, 405}
LOGIN_PAGES = (settings.LOGIN_URL, "/admin/login/")
WRONG_SCOPE = ("clerk_t02", "leader_t02", "hospital_admin_h3")


@pytest.fixture
def world(county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    return build_world(county)


def refused(response) -> bool:
    """Refused: 401, 403, 405, or sent to log in, or sent home (Viewflow's task index says
    "You have no rights to view this task" and redirects to the site's root)."""
    if response.status_code in REFUSED:
        return True
    return response.status_code == 302 and (response["Location"].startswith(LOGIN_PAGES)
                                            or response["Location"] == "/")


def anonymous_verdict(client, url) -> str | None:
    """None when refused; else what happened. A redirect is followed (the site's index sends
    visitors on to an application, which then asks them to sign in)."""
    for method in (client.get, client.post):
        response = follow(client, url, method(url))
        if not refused(response):
            return f"{method.__name__.upper()} {url} -> {response.status_code}"
    return None


def follow(client, url, response):
    """Follow redirects that are not to a login page (relative ones included)."""
    hops = 0
    while response.status_code == 302 and not refused(response) and hops < 5:
        url = urljoin(url, response["Location"])
        response, hops = client.get(url), hops + 1
    return response


def test_the_enumeration_finds_every_application(world):
    names = {page.name for page in pages()}
    for expected in ("registry:person:detail", "claims:claim:detail", "claim:clerk:execute",
                     "notice_review:review:execute", "fraud:alert:detail", "api-claim-detail",
                     "admin:auth_user_change", "registry_pages:import"):
        assert expected in names
    assert PUBLIC <= names, f"public pages no longer there: {sorted(PUBLIC - names)}"


def test_anonymous_visitors_are_refused_everywhere_but_the_public_pages(world, client):
    every_page = pages()
    filler = Filler(every_page, [world.staff["clerk_t01"], world.staff["hospital_admin_h2"]])
    holes = []
    for page in every_page:
        if page.name in PUBLIC:
            continue
        try:
            filled = filler.fill(page)
        except NoFiller as unfilled:
            holes.append(str(unfilled))
            continue
        verdict = anonymous_verdict(client, url_of(page, filled))
        if verdict:
            holes.append(f"{page.name}: {verdict}")
    assert not holes, "\n".join(holes)


def test_staff_of_another_scope_are_refused_every_object_they_may_not_see(world, client):
    every_page = pages()
    filler = Filler(every_page, [world.staff["clerk_t01"], world.staff["hospital_admin_h2"]])
    checked, holes = 0, []
    for page in every_page:
        if page.name in PUBLIC:
            continue
        try:
            filled = filler.fill(page)
        except NoFiller as unfilled:
            holes.append(str(unfilled))
            continue
        if filled.subject is None and not page.name.startswith("admin:"):
            continue
        url = url_of(page, filled)
        for username in WRONG_SCOPE:
            user = world.staff[username]
            if not page.name.startswith("admin:") and subject_visible(user, filled.subject):
                continue
            client.force_login(user)
            for method in (client.get, client.post):
                response = follow(client, url, method(url))
                checked += 1
                if not (refused(response) or response.status_code == 404):
                    holes.append(f"{page.name} as {username}: {method.__name__.upper()} {url}"
                                 f" -> {response.status_code}")
            client.logout()
    assert not holes, "\n".join(holes)
    assert checked > 200


def test_the_wrong_scope_personas_hold_the_permissions_scope_alone_refuses(world):
    """The scope test means something only if the personas' roles could open the pages."""
    roles = {world.staff[name].staff.role for name in WRONG_SCOPE}
    assert roles == {Role.CLERK, Role.TOWNSHIP_LEADER, Role.HOSPITAL_ADMIN}
