"""The hospital's forms on the page: a refusal is shown on its field and stores nothing; an
emergency report says whether it was on time; the county office's review task page."""
import datetime as dt

from django.urls import reverse

from tests.workflow.referrals import clock, open_task, report  # noqa: F401
from workflow.choices import EmergencyStatus
from workflow.models import EmergencyReport, Referral


def test_filing_form_shows_the_services_refusal_on_the_field(client, county, clock):
    client.force_login(county.staff["hospital_admin_h2"])
    form = client.get(reverse("referrals:desk:new")).content.decode()
    assert 'value="H3"' in form and 'value="H2"' not in form  # not to its own hospital
    response = client.post(reverse("referrals:desk:new"), {
        "person_id": "110101199001011234", "to_hospital": "H3", "diagnosis_code": "I21.9",
        "reason": "Angiography.", "urgency": "routine"})
    assert response.status_code == 200
    assert "No insured person has the resident ID" in response.content.decode()
    assert not Referral.objects.exists()


def test_emergency_form_reports_and_flags_a_late_report(client, county, clock):
    client.force_login(county.staff["hospital_admin_h3"])
    response = client.post(reverse("referrals:desk:new_emergency"), {
        "person_id": county.people["zhang_wei"].pk, "admitted_on": "2025-02-20",
        "diagnosis_code": "S06.0"}, follow=True)
    assert "reported, late" in response.content.decode()
    assert EmergencyReport.objects.get().late


def test_the_county_office_reviews_a_report_on_its_task_page(client, county, clock):
    filed = report(county, dt.date(2025, 3, 1))
    task = open_task(filed)
    client.force_login(county.staff["director"])
    url = reverse("emergency_review:review:execute", args=[filed.process_id, task.pk])
    client.post(reverse("emergency_review:review:assign", args=[filed.process_id, task.pk]))
    page = client.get(url).content.decode()
    assert "张伟" in page and "2025-03-04" in page  # the facts: patient, report due by
    client.post(url, {"approve": "yes", "reason": ""})
    filed.refresh_from_db()
    assert filed.status == EmergencyStatus.ACCEPTED


def test_csv_export_has_the_contract_style_header(client, county, clock):
    report(county, dt.date(2025, 2, 20))
    client.force_login(county.staff["director"])
    response = client.get(reverse("referrals:desk:export"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("kind,number,direction,patient")
    assert row.startswith("emergency_report,") and row.endswith(",true")
