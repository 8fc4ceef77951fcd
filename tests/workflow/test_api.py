"""Hospitals submit claims with bill lines through the API (token auth, OpenAPI schema);
a hospital sees only its own claims; bad payloads get 400 with field errors and store
nothing."""
import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.workflow.claims import make_claim
from workflow.choices import ClaimState
from workflow.models import BillLine, Claim, ClaimReview


@pytest.fixture
def hospital_h2(county):
    client = APIClient()
    token = Token.objects.create(user=county.staff["hospital_admin_h2"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def payload(county, **changes):
    person = county.people["zhang_wei"]
    data = {
        "claim_id": "H2-2025-0001", "person_id": person.person_id,
        "certificate_no": person.certificates.get().number, "claim_type": "inpatient",
        "admitted_on": "2025-04-01", "discharged_on": "2025-04-06", "diagnosis_code": "K35.8",
        "submitted_on": "2025-04-07",
        "lines": [
            {"line_no": 1, "category": "drug", "item_code": "D1", "quantity": "2",
             "unit_price": "1500.00", "amount": "3000.00", "in_catalogue": True,
             "service_date": "2025-04-02"},
            {"line_no": 2, "category": "bed", "item_code": "B1", "quantity": "5",
             "unit_price": "30", "amount": "150", "in_catalogue": True,
             "service_date": "2025-04-01"},
        ],
    }
    data.update(changes)
    return data


def test_schema_is_valid_openapi():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert "/api/claims/" in schema["paths"]


def test_hospital_submits_a_claim_that_is_assessed_and_routed(county, hospital_h2):
    response = hospital_h2.post("/api/claims/", payload(county), format="json")
    assert response.status_code == 201, response.json()
    claim = Claim.objects.get(pk="H2-2025-0001")
    assert (claim.hospital_id, claim.total_fen, claim.lines.count()) == ("H2", 315000, 2)
    assert claim.state == ClaimState.IN_REVIEW
    assert ClaimReview.objects.get(claim=claim).top_level == 2
    assert response.json()["state"] == ClaimState.IN_REVIEW


@pytest.mark.parametrize("changes, field", [
    ({"person_id": "110101199001011234"}, "person_id"),
    ({"claim_type": "dental"}, "claim_type"),
    ({"discharged_on": "2025-03-01"}, "discharged_on"),
    ({"lines": []}, "lines"),
    ({"admitted_on": "not a date"}, "admitted_on"),
])
def test_bad_claim_gets_400_with_field_errors_and_stores_nothing(county, hospital_h2,
                                                                 changes, field):
    response = hospital_h2.post("/api/claims/", payload(county, **changes), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Claim.objects.exists()
    assert not BillLine.objects.exists()


def test_bad_line_amount_names_the_line_field(county, hospital_h2):
    data = payload(county)
    data["lines"][1]["amount"] = "151.00"
    response = hospital_h2.post("/api/claims/", data, format="json")
    assert response.status_code == 400
    assert response.json()["lines"] == {
        "1": {"amount": ["must equal quantity x unit price to the fen"]}}
    assert not Claim.objects.exists()


def test_anonymous_and_non_hospital_users_cannot_submit(county, hospital_h2):
    assert APIClient().post("/api/claims/", payload(county), format="json").status_code == 401
    clerk = APIClient()
    clerk.force_authenticate(county.staff["clerk_t01"])
    assert clerk.post("/api/claims/", payload(county), format="json").status_code == 403
    assert not Claim.objects.exists()


def test_a_hospital_only_sees_its_own_claims(county, hospital_h2):
    make_claim(county, "zhang_wei", 500, hospital="H2", claim_id="OWN")
    make_claim(county, "zhang_wei", 500, hospital="H1T01", claim_id="OTHER")
    listed = [c["claim_id"] for c in hospital_h2.get("/api/claims/").json()]
    assert listed == ["OWN"]
    assert hospital_h2.get("/api/claims/OTHER/").status_code == 404
