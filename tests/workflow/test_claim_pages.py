"""Claim pages of the site: restricted by scope, with bill lines, and a fixed query count."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import StaffProfile
from workflow.models import BillLine, Claim


def _claim(county, claim_id: str, person_key: str, hospital: str, lines: int = 2) -> Claim:
    person = county.people[person_key]
    claim = Claim.objects.create(
        claim_id=claim_id, person=person, certificate_no=person.certificates.get().number,
        hospital=county.hospitals[hospital], claim_type="inpatient",
        admitted_on=dt.date(2025, 4, 1), discharged_on=dt.date(2025, 4, 6),
        diagnosis_code="K35.8", submitted_on=dt.date(2025, 4, 7), total_fen=123456 * lines)
    for n in range(1, lines + 1):
        BillLine.objects.create(claim=claim, line_no=n, category="drug", item_code=f"D{n}",
                                description="阿莫西林", quantity=2, unit_price_fen=61728,
                                amount_fen=123456, in_catalogue=True,
                                service_date=dt.date(2025, 4, 2))
    return claim


@pytest.fixture
def claims(county):
    return [_claim(county, "CL-T01", "zhang_wei", "H1T01"),
            _claim(county, "CL-T02", "ouyang_xiu", "H2")]


def test_claim_list_shows_only_the_clerks_township(county, claims, client):
    client.force_login(county.staff["clerk_t01"])
    response = client.get("/claims/claim/")
    assert response.status_code == 200
    assert [claim.pk for claim in response.context["object_list"]] == ["CL-T01"]
    assert b"CL-T02" not in response.content


def test_hospital_admin_lists_only_own_hospitals_claims(county, claims, client):
    client.force_login(county.staff["hospital_admin_h2"])
    response = client.get("/claims/claim/")
    assert [claim.pk for claim in response.context["object_list"]] == ["CL-T02"]


def test_claim_detail_shows_money_and_dates_for_the_reader_s_language(county, claims, client):
    client.force_login(county.staff["clerk_t01"])
    response = client.get("/claims/claim/CL-T01/detail/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "CL-T01" in page and "阿莫西林" in page
    assert "Total billed: ¥2,469.12" in page  # two lines of 1,234.56 yuan
    assert "April 2, 2025" in page  # the lines' service date
    assert [line.line_no for line, _price, _amount in response.context["bill_lines"]] == [1, 2]
    StaffProfile.objects.filter(user__username="clerk_t01").update(language="zh-hans")
    page = client.get("/claims/claim/CL-T01/detail/").content.decode()
    assert "总费用：2,469.12 元" in page and "2025年4月2日" in page


def test_claim_of_another_township_is_forbidden(county, claims, client):
    client.force_login(county.staff["clerk_t01"])
    assert client.get("/claims/claim/CL-T02/detail/").status_code == 403
    assert client.get("/claims/claim/NO-SUCH/detail/").status_code == 404


def test_user_without_profile_is_refused_the_claims(county, claims, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor", password="x" * 12))
    assert client.get("/claims/claim/").status_code == 403


LIST_PAGES = ["/claims/claim/", "/registry/person/", "/registry/household/",
              "/registry/enrolment/", "/registry/certificate/", "/registry/hospital/"]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_page_query_count_does_not_grow_with_rows(county, claims, client, url):
    """STYLE.md: list pages select their relations; more rows must not mean more queries."""
    client.force_login(county.staff["director"])
    few = _queries(client, url)
    for n in range(10):
        county.add_person(f"extra{n}", f"新人{n}", "F", dt.date(1990, 1, n + 1), "T01V01")
        _claim(county, f"CL-EXTRA-{n}", f"extra{n}", "H2", lines=1)
    assert _queries(client, url) == few
    assert few <= 12
