"""The county office approves or rejects a hospital's referral request; approved referrals
expire after their window (DOMAIN.md "Referrals and transfers")."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from audit.models import AuditEntry
from benefits.models import PolicyYear
from tests.workflow.referrals import FILED_AT, approve, clock, file, open_task, reject  # noqa: F401
from workflow.choices import ReferralStanding, ReferralStatus
from workflow.referrals import decide, expire_lapsed, standing
from workflow.services import TaskClosed


def actions(referral) -> list[str]:
    return list(AuditEntry.objects.filter(object_type="workflow.Referral",
                                          object_id=referral.pk).order_by("id")
                .values_list("action", flat=True))


def test_filed_referral_is_numbered_coded_and_waits_for_the_county_office(county, clock):
    referral = file(county)
    assert referral.referral_no == "RF2025000001"
    assert referral.status == ReferralStatus.REQUESTED
    assert referral.from_hospital_id == "H2"
    assert referral.requested_by.username == "hospital_admin_h2"
    assert len(referral.code) == 8
    assert open_task(referral).flow_task.name == "decide"
    assert file(county, person="li_na").referral_no == "RF2025000002"
    assert actions(referral) == ["workflow.referral_requested"]


def test_approval_sets_a_30_day_window_and_stores_the_certificate(county, clock):
    referral = file(county)
    approve(county, referral)
    assert referral.status == ReferralStatus.APPROVED
    assert (referral.valid_from, referral.valid_to) == (dt.date(2025, 3, 1), dt.date(2025, 3, 30))
    assert bytes(referral.certificate_pdf).startswith(b"%PDF")
    assert len(referral.certificate_sha256) == 64
    assert referral.decided_by.username == "director"
    assert actions(referral) == ["workflow.referral_requested", "workflow.referral_approved"]
    assert not referral.process.task_set.filter(status__in=("NEW", "ASSIGNED")).exists()


def test_validity_window_follows_the_policy_year_of_the_approval(county, clock):
    PolicyYear.objects.filter(year=2025).update(referral_validity_days=10)
    PolicyYear.objects.filter(year=2026).update(referral_validity_days=60)
    referral = file(county)
    approve(county, referral)
    assert referral.valid_to == dt.date(2025, 3, 10)


def test_a_year_not_entered_yet_takes_the_latest_earlier_policy_year(county, clock):
    assert not PolicyYear.objects.filter(year=2027).exists()
    PolicyYear.objects.filter(year=2026).update(referral_validity_days=20)
    clock.now = dt.datetime(2027, 1, 1, 9, 0, tzinfo=FILED_AT.tzinfo)
    referral = file(county)
    approve(county, referral)
    assert (referral.valid_from, referral.valid_to) == (dt.date(2027, 1, 1), dt.date(2027, 1, 20))


def test_no_policy_year_on_or_before_the_day_refuses_the_approval(county, clock):
    referral = file(county)
    PolicyYear.objects.filter(year__lte=2025).delete()
    with pytest.raises(ValidationError, match="No policy tables for 2025 or earlier"):
        decide(open_task(referral).pk, county.staff["director"], True)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REQUESTED and open_task(referral)


def test_the_seeded_policy_years_give_30_days_and_the_admin_edits_them(county, client):
    assert set(PolicyYear.objects.values_list("referral_validity_days", flat=True)) == {30}
    client.force_login(county.staff["admin"])
    page = client.get("/admin/benefits/policyyear/2025/change/").content.decode()
    assert 'name="referral_validity_days"' in page


def test_rejection_needs_a_reason_and_gives_no_window_or_certificate(county, clock):
    referral = file(county)
    with pytest.raises(ValidationError):
        decide(open_task(referral).pk, county.staff["director"], False, "  ")
    reject(county, referral)
    assert referral.status == ReferralStatus.REJECTED
    assert referral.decision_reason == "Treatable at the county hospital."
    assert referral.valid_from is None and not referral.certificate_pdf
    entry = AuditEntry.objects.get(object_id=referral.pk, action="workflow.referral_rejected")
    assert entry.reason == "Treatable at the county hospital."
    assert entry.actor.username == "director"


@pytest.mark.parametrize("persona", ["hospital_admin_h2", "clerk_t01", "committee"])
def test_only_the_county_office_decides(county, clock, persona):
    referral = file(county)
    with pytest.raises(PermissionDenied):
        decide(open_task(referral).pk, county.staff[persona], True)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REQUESTED


def test_a_decided_referral_cannot_be_decided_again(county, clock):
    referral = file(county)
    task = open_task(referral)
    approve(county, referral)
    with pytest.raises(TaskClosed):
        decide(task.pk, county.staff["director"], False, "Changed my mind.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.APPROVED


def test_filing_refuses_bad_input_naming_the_field_and_stores_nothing(county, clock):
    from workflow.models import Referral
    from workflow.referrals import file_referral

    admin = county.staff["hospital_admin_h2"]
    with pytest.raises(ValidationError) as refused:
        file_referral(admin, "110101199001011234", "H2", "", "", "soon")
    assert set(refused.value.message_dict) == {"person_id", "to_hospital", "diagnosis_code",
                                               "reason", "urgency"}
    with pytest.raises(PermissionDenied):
        file_referral(county.staff["clerk_t01"], county.people["zhang_wei"].pk, "H3", "I21.9",
                      "reason", "routine")
    assert not Referral.objects.exists()


def test_expiry_moves_lapsed_referrals_and_shows_them_expired_before_the_run(county, clock):
    referral = file(county)
    approve(county, referral)
    assert standing(referral, dt.date(2025, 3, 30)) == ReferralStanding.VALID
    assert standing(referral, dt.date(2025, 3, 31)) == ReferralStanding.EXPIRED
    assert expire_lapsed(dt.date(2025, 3, 30)) == []
    clock.advance(30)
    call_command("expire_referrals", stdout=open("/dev/null", "w"))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.EXPIRED
    assert "workflow.referral_expired" in actions(referral)
    assert expire_lapsed(dt.date(2025, 4, 30)) == []  # idempotent


def test_requested_and_rejected_referrals_never_expire(county, clock):
    pending, refused = file(county), file(county, person="li_na")
    reject(county, refused)
    assert expire_lapsed(dt.date(2026, 1, 1)) == []
    assert standing(pending, dt.date(2026, 1, 1)) == ReferralStanding.PENDING
    assert standing(refused, dt.date(2026, 1, 1)) == ReferralStanding.REJECTED
