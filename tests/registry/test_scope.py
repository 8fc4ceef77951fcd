"""Township staff see their township, hospital admins their hospital (registry.scope)."""
import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from registry.models import Enrolment, Hospital, Household, Person, StaffProfile
from registry.scope import get_object_or_deny, restrict
from workflow.models import BillLine, Claim, Referral


def _claim(county, claim_id: str, person_key: str, hospital: str) -> Claim:
    person = county.people[person_key]
    claim = Claim.objects.create(
        claim_id=claim_id, person=person, certificate_no=person.certificates.get().number,
        hospital=county.hospitals[hospital], claim_type="inpatient",
        admitted_on=dt.date(2025, 3, 1), discharged_on=dt.date(2025, 3, 5),
        diagnosis_code="J18.9", submitted_on=dt.date(2025, 3, 6), total_fen=210000)
    BillLine.objects.create(claim=claim, line_no=1, category="drug", item_code="D1",
                            quantity=1, unit_price_fen=210000, amount_fen=210000,
                            in_catalogue=True, service_date=dt.date(2025, 3, 2))
    return claim


@pytest.fixture
def claims(county):
    """zhang_wei (T01) at H2, ouyang_xiu (T02) at H3 after a referral from H2."""
    Referral.objects.create(referral_no="R1", person=county.people["ouyang_xiu"],
                            from_hospital=county.hospitals["H2"],
                            to_hospital=county.hospitals["H3"], diagnosis_code="C34")
    return {"t01_h2": _claim(county, "CL-T01-H2", "zhang_wei", "H2"),
            "t02_h3": _claim(county, "CL-T02-H3", "ouyang_xiu", "H3")}


def _ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_clerk_of_t01_sees_only_t01_people_and_claims(county, claims):
    clerk = county.staff["clerk_t01"]
    assert _ids(restrict(Person.objects.all(), clerk)) == {
        county.people["zhang_wei"].pk, county.people["li_na"].pk}
    assert _ids(restrict(Claim.objects.all(), clerk)) == {"CL-T01-H2"}
    assert _ids(restrict(BillLine.objects.all(), clerk)) == {claims["t01_h2"].lines.get().pk}
    assert set(restrict(Enrolment.objects.all(), clerk).values_list("township", flat=True)) == {
        "T01"}


def test_clerk_of_t01_cannot_open_a_t02_claim_or_person(county, claims):
    clerk = county.staff["clerk_t01"]
    with pytest.raises(PermissionDenied):
        get_object_or_deny(Claim.objects.all(), clerk, pk="CL-T02-H3")
    with pytest.raises(PermissionDenied):
        get_object_or_deny(Person.objects.all(), clerk, pk=county.people["ouyang_xiu"].pk)
    assert get_object_or_deny(Claim.objects.all(), clerk, pk="CL-T01-H2") == claims["t01_h2"]


def test_missing_object_is_not_found_rather_than_denied(county):
    with pytest.raises(Http404):
        get_object_or_deny(Claim.objects.all(), county.staff["clerk_t01"], pk="NO-SUCH")


def test_hospital_admin_sees_only_own_hospitals_claims_referrals_and_patients(county, claims):
    h3 = county.staff["hospital_admin_h3"]
    assert _ids(restrict(Claim.objects.all(), h3)) == {"CL-T02-H3"}
    assert _ids(restrict(Hospital.objects.all(), h3)) == {"H3"}
    assert _ids(restrict(Person.objects.all(), h3)) == {county.people["ouyang_xiu"].pk}
    h2 = county.staff["hospital_admin_h2"]
    assert _ids(restrict(Claim.objects.all(), h2)) == {"CL-T01-H2"}
    # H2 referred ouyang_xiu: the referring hospital sees the referral and its patient, once.
    assert _ids(restrict(Referral.objects.all(), h2)) == {"R1"}
    assert restrict(Person.objects.all(), h2).count() == 2
    with pytest.raises(PermissionDenied):
        get_object_or_deny(Claim.objects.all(), h2, pk="CL-T02-H3")


def test_county_roles_and_admin_see_everything(county, claims):
    for username in ("director", "investigator", "accountant", "committee", "admin"):
        assert restrict(Claim.objects.all(), county.staff[username]).count() == 2, username


def test_supervision_committee_member_of_a_township_sees_that_township(county, claims):
    supervisor = county.staff["supervisor"]
    assert restrict(Claim.objects.all(), supervisor).count() == 2
    StaffProfile.objects.filter(user=supervisor).update(township="T02")
    supervisor = get_user_model().objects.get(pk=supervisor.pk)
    assert _ids(restrict(Claim.objects.all(), supervisor)) == {"CL-T02-H3"}


def test_users_without_a_profile_or_inactive_see_nothing(county, claims):
    stranger = get_user_model().objects.create_user("stranger", password="x" * 12)
    assert not restrict(Person.objects.all(), stranger).exists()
    assert not restrict(Person.objects.all(), AnonymousUser()).exists()
    clerk = county.staff["clerk_t01"]
    clerk.is_active = False
    assert not restrict(Household.objects.all(), clerk).exists()
    with pytest.raises(PermissionDenied):
        get_object_or_deny(Claim.objects.all(), stranger, pk="CL-T01-H2")


def test_superuser_sees_everything(county, claims):
    root = get_user_model().objects.create_superuser("root", password="x" * 12)
    assert restrict(Claim.objects.all(), root).count() == 2


def test_township_staff_read_every_hospital(county):
    assert restrict(Hospital.objects.all(), county.staff["clerk_t02"]).count() == 5
