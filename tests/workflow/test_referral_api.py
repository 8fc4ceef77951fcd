"""Hospitals file referrals and report emergency admissions through the API (token auth, in
the OpenAPI schema); bad payloads get 400 naming the field and store nothing."""
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.workflow.referrals import clock  # noqa: F401
from workflow.models import EmergencyReport, Referral


@pytest.fixture
def h2_api(county):
    api = APIClient()
    token = Token.objects.create(user=county.staff["hospital_admin_h2"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_a_hospital_files_a_referral_from_its_own_hospital(county, clock, h2_api):
    response = h2_api.post("/api/referrals/", {
        "person_id": county.people["zhang_wei"].pk, "to_hospital_code": "H3",
        "diagnosis_code": "I21.9", "reason": "Angiography.", "urgency": "urgent"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["from_hospital_code"] == "H2" and body["status"] == "requested"
    assert body["standing"] == "pending" and len(body["code"]) == 8
    assert Referral.objects.get(pk=body["referral_no"]).process is not None


def test_bad_referral_payloads_name_the_field_and_store_nothing(county, clock, h2_api):
    response = h2_api.post("/api/referrals/", {
        "person_id": "110101199001011234", "to_hospital_code": "H2", "diagnosis_code": "I21.9",
        "reason": "x"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"person_id", "to_hospital"}
    missing = h2_api.post("/api/referrals/", {"person_id": "x"}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    assert not Referral.objects.exists()


def test_a_hospital_reports_an_emergency_admission(county, clock, h2_api):
    response = h2_api.post("/api/emergency-reports/", {
        "person_id": county.people["li_na"].pk, "admitted_on": "2025-02-25",
        "diagnosis_code": "S06.0"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["late"] is True and response.json()["hospital_code"] == "H2"
    assert EmergencyReport.objects.get().status == "reported"


def test_others_may_not_file(county, clock):
    api = APIClient()
    api.force_authenticate(county.staff["clerk_t01"])
    assert api.post("/api/referrals/", {}, format="json").status_code == 403
    assert api.post("/api/emergency-reports/", {}, format="json").status_code == 403


def test_the_endpoints_are_in_the_openapi_schema(client, county):
    client.force_login(county.staff["admin"])
    schema = client.get("/api/schema/").content.decode()
    assert "/api/referrals/" in schema and "/api/emergency-reports/" in schema
