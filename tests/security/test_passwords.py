"""Strong passwords: 12 characters or more, not common, not all digits, not like the user's
name; the demo and test passwords pass; the password change page is reachable and audited."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from registry.demo import DEMO_PASSWORD
from registry.demo.staff import COUNTY_STAFF
from tests.county import PASSWORD

User = get_user_model()


@pytest.mark.parametrize("password, reason", [
    ("Short-pw-1", "too short"),
    ("password1234", "too common"),
    ("738492016453", "entirely numeric"),
    ("clerk_t01_x", "too short"),
    ("clerk_t01_2025", "too similar"),
])
def test_weak_passwords_are_refused(password, reason):
    user = User(username="clerk_t01_2025")
    with pytest.raises(ValidationError, match=reason):
        validate_password(password, user)


@pytest.mark.parametrize("username", [name for name, _role in COUNTY_STAFF]
                         + ["clerk_t01", "clerk_t01b", "leader_t06", "supervisor_t03",
                            "hadmin_h2001", "hadmin_h10100"])
def test_the_demo_password_passes_for_every_demo_login(username):
    validate_password(DEMO_PASSWORD, User(username=username))


def test_the_test_personas_password_passes(county):
    for user in county.staff.values():
        validate_password(PASSWORD, user)


def test_the_password_change_page_is_linked_and_changes_the_password(county, client):
    clerk = county.staff["clerk_t01"]
    client.force_login(clerk)
    assert 'href="/accounts/password_change/"' in client.get("/claims/claim/").content.decode()
    form = client.get("/accounts/password_change/")
    assert form.status_code == 200
    refused = client.post("/accounts/password_change/", {
        "old_password": PASSWORD, "new_password1": "short", "new_password2": "short"})
    assert refused.status_code == 200
    assert "at least 12 characters" in refused.content.decode()
    response = client.post("/accounts/password_change/", {
        "old_password": PASSWORD, "new_password1": "Rice-fields-in-May-7",
        "new_password2": "Rice-fields-in-May-7"}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/password_change/done/"
    clerk.refresh_from_db()
    assert clerk.check_password("Rice-fields-in-May-7")
    entry = AuditEntry.objects.get(action="password.change")
    assert (entry.actor, entry.changes) == (clerk, {"password": ["***", "***"]})
