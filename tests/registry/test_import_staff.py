"""hospitals.csv, staff.csv and relations.csv (CONTRACT.md)."""
from django.contrib.auth import get_user_model

from registry.models import DeclaredRelation, Hospital, ImportRun, StaffProfile, Township
from tests.registry.import_files import hospital_row, import_rows, snapshot, staff_row


def test_hospitals_load_and_a_level_1_provider_serves_a_township(db, tmp_path):
    run = import_rows(tmp_path, "hospitals", [
        hospital_row(), hospital_row(hospital_code="H1T09", level="1",
                                     kind="township_health_centre", township_code="T09")])

    assert (run.status, run.created) == (ImportRun.Status.LOADED, 2)
    assert Hospital.objects.get(code="H1T09").township == Township.objects.get(code="T09")
    h9 = Hospital.objects.get(code="H9")
    assert (h9.level, h9.nonprofit, h9.in_county, h9.township) == (2, True, True, None)


def test_only_level_1_providers_name_a_township(db, tmp_path):
    run = import_rows(tmp_path, "hospitals", [hospital_row(township_code="T01")])

    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [
        (2, "township_code", "T01")]
    assert not Hospital.objects.exists()


def test_staff_become_users_with_profile_and_role_group(county, tmp_path):
    run = import_rows(tmp_path, "staff", [
        staff_row(), staff_row(username="admin_2", name="吴敏", role="admin", township_code=""),
        staff_row(username="h2_admin_2", role="hospital_admin", township_code="",
                  hospital_code="H2", person_id=county.people["li_na"].pk)])

    assert (run.status, run.created) == (ImportRun.Status.LOADED, 3)
    user = get_user_model().objects.get(username="clerk_t03")
    assert not user.has_usable_password()
    assert user.first_name == "周静"
    assert (user.staff.role, user.staff.township_id) == ("clerk", "T01")
    assert list(user.groups.values_list("name", flat=True)) == ["clerk"]
    assert get_user_model().objects.get(username="admin_2").is_staff
    h2_admin = StaffProfile.objects.get(user__username="h2_admin_2")
    assert (h2_admin.hospital_id, h2_admin.person) == ("H2", county.people["li_na"])


def test_a_role_change_moves_the_user_to_the_new_group(county, tmp_path):
    import_rows(tmp_path, "staff", [staff_row()])

    run = import_rows(tmp_path, "staff", [staff_row(role="township_leader")])

    assert (run.created, run.updated, run.unchanged) == (0, 1, 0)
    user = get_user_model().objects.get(username="clerk_t03")
    assert user.staff.role == "township_leader"
    assert list(user.groups.values_list("name", flat=True)) == ["township_leader"]


def test_staff_reimport_changes_nothing(county, tmp_path):
    import_rows(tmp_path, "staff", [staff_row()])
    before = snapshot(get_user_model(), StaffProfile, get_user_model().groups.through)

    run = import_rows(tmp_path, "staff", [staff_row()])

    assert (run.created, run.updated, run.unchanged) == (0, 0, 1)
    assert snapshot(get_user_model(), StaffProfile, get_user_model().groups.through) == before


def test_staff_with_unknown_township_or_missing_hospital_are_refused(county, tmp_path):
    run = import_rows(tmp_path, "staff", [
        staff_row(township_code="T99"),
        staff_row(username="h_admin", role="hospital_admin", township_code="")])

    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [
        (2, "township_code", "T99"), (3, "hospital_code", "")]
    assert not get_user_model().objects.filter(username__in=["clerk_t03", "h_admin"]).exists()


def test_relations_load_and_unknown_names_are_reported(county, tmp_path):
    person = county.people["ouyang_xiu"]
    run = import_rows(tmp_path, "relations", [
        {"username": "clerk_t02", "person_id": person.pk, "relation": "sibling"}])
    assert run.status == ImportRun.Status.LOADED
    assert DeclaredRelation.objects.get(user__username="clerk_t02").person == person

    run = import_rows(tmp_path, "relations", [
        {"username": "clerk_t02", "person_id": person.pk, "relation": "spouse"},
        {"username": "nobody", "person_id": "110105194912310021", "relation": "spouse"}])

    assert [(e["row"], e["column"], e["reason"]) for e in run.errors] == [
        (3, "username", "unknown user"), (3, "person_id", "unknown person")]
    assert DeclaredRelation.objects.get(user__username="clerk_t02").relation == "sibling"
