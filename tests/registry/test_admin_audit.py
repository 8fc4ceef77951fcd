"""The admin: administrators only, every change audited, users never deleted."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from audit.models import AuditEntry
from registry.choices import Role
from registry.models import Hospital, StaffProfile, Township
from tests.county import PASSWORD

User = get_user_model()


def _admin_client(client, county):
    client.force_login(county.staff["admin"])
    return client


def test_clerk_cannot_reach_the_admin(county, client):
    client.force_login(county.staff["clerk_t01"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/registry/person/").status_code == 302


def test_is_staff_without_the_admin_role_is_not_enough(county, client):
    investigator = county.staff["investigator"]
    User.objects.filter(pk=investigator.pk).update(is_staff=True)
    client.force_login(investigator)
    assert client.get("/admin/").status_code == 302


def test_admin_role_reaches_the_admin_and_logs_in_through_its_form(county, client):
    assert User.objects.get(username="admin").is_staff
    response = client.post("/admin/login/?next=/admin/",
                           {"username": "admin", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/"


def test_admin_change_writes_an_audit_row_with_the_changed_fields(county, client):
    _admin_client(client, county)
    response = client.post("/admin/registry/hospital/H2/change/", {
        "code": "H2", "name": "县第一人民医院", "level": 2, "kind": "county_hospital",
        "nonprofit": "on", "in_county": "on", "township": ""})
    assert response.status_code == 302
    assert Hospital.objects.get(pk="H2").name == "县第一人民医院"
    entry = AuditEntry.objects.get(action="admin.change", object_type="registry.Hospital")
    assert entry.object_id == "H2"
    assert entry.actor == county.staff["admin"]
    assert entry.changes == {"name": ["县人民医院", "县第一人民医院"]}


def test_admin_add_and_delete_are_audited(county, client):
    _admin_client(client, county)
    client.post("/admin/registry/township/add/", {"code": "T03", "name": "北岭镇"})
    assert Township.objects.filter(pk="T03").exists()
    added = AuditEntry.objects.get(action="admin.add", object_type="registry.Township")
    assert added.changes == {"code": [None, "T03"], "name": [None, "北岭镇"]}

    client.post("/admin/registry/township/T03/delete/", {"post": "yes"})
    assert not Township.objects.filter(pk="T03").exists()
    deleted = AuditEntry.objects.get(action="admin.delete", object_type="registry.Township")
    assert deleted.object_id == "T03"
    assert deleted.changes["name"] == "北岭镇"


def test_bulk_delete_action_audits_each_row(county, client):
    Township.objects.create(code="T08", name="八")
    Township.objects.create(code="T09", name="九")
    _admin_client(client, county)
    client.post("/admin/registry/township/", {
        "action": "delete_selected", "_selected_action": ["T08", "T09"], "post": "yes"})
    assert not Township.objects.filter(code__in=["T08", "T09"]).exists()
    assert set(AuditEntry.objects.filter(action="admin.delete").values_list(
        "object_id", flat=True)) == {"T08", "T09"}


def test_user_delete_is_refused(county, client):
    _admin_client(client, county)
    clerk = county.staff["clerk_t01"]
    assert client.get(f"/admin/auth/user/{clerk.pk}/delete/").status_code == 403
    assert client.post(f"/admin/auth/user/{clerk.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.get("/admin/auth/user/")
    assert b"delete_selected" not in response.content
    client.post("/admin/auth/user/", {"action": "delete_selected",
                                      "_selected_action": [clerk.pk], "post": "yes"})
    assert User.objects.filter(pk=clerk.pk).exists()


def test_new_staff_profile_in_admin_joins_the_role_group(county, client):
    newcomer = User.objects.create_user("clerk_new", password=PASSWORD)
    _admin_client(client, county)
    response = client.post("/admin/registry/staffprofile/add/", {
        "user": newcomer.pk, "role": Role.CLERK, "township": "T02", "hospital": "",
        "person": "", "household": "", "language": "zh-hans"})
    assert response.status_code == 302
    assert StaffProfile.objects.get(user=newcomer).township_id == "T02"
    assert list(newcomer.groups.all()) == [Group.objects.get(name=Role.CLERK)]
    entry = AuditEntry.objects.get(action="admin.add", object_type="registry.StaffProfile")
    assert entry.changes["role"] == [None, "clerk"]


def test_user_added_with_a_profile_inline_joins_its_group_and_the_password_is_not_logged(
        county, client):
    _admin_client(client, county)
    response = client.post("/admin/auth/user/add/", {
        "username": "leader_new", "password1": "Very-long-pass-2025", "password2":
        "Very-long-pass-2025", "usable_password": "true",
        "staff-TOTAL_FORMS": "1", "staff-INITIAL_FORMS": "0", "staff-MIN_NUM_FORMS": "0",
        "staff-MAX_NUM_FORMS": "1", "staff-0-role": Role.TOWNSHIP_LEADER,
        "staff-0-township": "T01", "staff-0-language": "en"})
    assert response.status_code == 302, response.content
    user = User.objects.get(username="leader_new")
    assert user.groups.get().name == Role.TOWNSHIP_LEADER
    entries = AuditEntry.objects.filter(action="admin.add")
    assert set(entries.values_list("object_type", flat=True)) == {"auth.User",
                                                                 "registry.StaffProfile"}
    user_entry = entries.get(object_type="auth.User")
    assert user_entry.changes["password1"] == ["***", "***"]
    assert "Very-long-pass-2025" not in str(user_entry.changes)


def test_audit_entries_are_read_only_in_the_admin(county, client):
    entry = AuditEntry.objects.create(action="test", object_type="x", object_id="1")
    _admin_client(client, county)
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_claim_state_is_read_only_in_the_admin(county, client):
    _admin_client(client, county)
    response = client.get("/admin/workflow/claim/add/")
    assert response.status_code == 200
    assert b'name="state"' not in response.content


def test_password_change_in_admin_is_audited_without_the_password(county, client):
    _admin_client(client, county)
    clerk = county.staff["clerk_t01"]
    response = client.post(f"/admin/auth/user/{clerk.pk}/password/", {
        "password1": "Another-long-pass-2025", "password2": "Another-long-pass-2025",
        "usable_password": "true"})
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password("Another-long-pass-2025")
    entry = AuditEntry.objects.get(action="admin.change", object_type="auth.User")
    assert entry.object_id == str(clerk.pk)
    assert entry.changes == {"password": ["***", "***"]}
