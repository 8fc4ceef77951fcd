"""Emergency admissions: reported within 3 days is on time, later is flagged late; the county
office reviews every report afterwards (DOMAIN.md "Referrals and transfers")."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from tests.workflow.referrals import clock, open_task, report  # noqa: F401
from workflow.choices import EmergencyStatus
from workflow.emergencies import report_emergency, review
from workflow.models import EmergencyReport

ADMITTED = dt.date(2025, 3, 1)


def test_reported_within_three_days_is_on_time(county, clock):
    clock.advance(3)
    on_time = report(county, ADMITTED)
    assert (on_time.reported_on, on_time.due_on, on_time.late) == (
        dt.date(2025, 3, 4), dt.date(2025, 3, 4), False)
    assert on_time.hospital_id == "H3" and on_time.status == EmergencyStatus.REPORTED
    assert open_task(on_time).flow_task.name == "review"
    assert AuditEntry.objects.filter(object_type="workflow.EmergencyReport",
                                     action="workflow.emergency_reported").count() == 1


def test_reported_after_three_days_is_flagged_late_but_taken(county, clock):
    clock.advance(4)
    late = report(county, ADMITTED)
    assert late.late and late.due_on == dt.date(2025, 3, 4)
    assert open_task(late).flow_task.name == "review"


def test_the_county_office_accepts_or_rejects_with_a_reason(county, clock):
    first = report(county, ADMITTED)
    second = report(county, ADMITTED, person="li_na")
    review(open_task(first).pk, county.staff["director"], True)
    with pytest.raises(ValidationError):
        review(open_task(second).pk, county.staff["director"], False, "")
    review(open_task(second).pk, county.staff["director"], False, "Planned admission.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == EmergencyStatus.ACCEPTED and first.reviewed_by.username == "director"
    assert second.status == EmergencyStatus.REJECTED
    assert second.review_reason == "Planned admission."


@pytest.mark.parametrize("persona", ["hospital_admin_h3", "clerk_t01", "investigator"])
def test_only_the_county_office_reviews(county, clock, persona):
    filed = report(county, ADMITTED)
    with pytest.raises(PermissionDenied):
        review(open_task(filed).pk, county.staff[persona], True)
    filed.refresh_from_db()
    assert filed.status == EmergencyStatus.REPORTED


def test_bad_reports_are_refused_naming_the_field(county, clock):
    admin = county.staff["hospital_admin_h3"]
    zhang = county.people["zhang_wei"].pk
    with pytest.raises(ValidationError) as refused:
        report_emergency(admin, "110101199001011234", ADMITTED + dt.timedelta(days=1), " ")
    assert set(refused.value.message_dict) == {"person_id", "admitted_on", "diagnosis_code"}
    report(county, ADMITTED)
    with pytest.raises(ValidationError) as twice:
        report_emergency(admin, zhang, ADMITTED, "S06.0")
    assert "already reported" in twice.value.message_dict["admitted_on"][0]
    with pytest.raises(PermissionDenied):
        report_emergency(county.staff["clerk_t01"], zhang, ADMITTED, "S06.0")
    assert EmergencyReport.objects.count() == 1
