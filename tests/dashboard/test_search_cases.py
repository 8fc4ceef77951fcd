"""Search finds investigation cases by number, subject ID or subject name, for those who
read cases (investigators and their supervisor) and nobody else."""
import pytest
from django.utils import translation

from casework.models import Case
from fraud.models import Alert
from registry.models import Enrolment


@pytest.fixture
def cases(claims, county):
    person = county.people["ouyang_xiu"]
    return {
        "person": Case.objects.create(subject_type="person", subject_id=person.pk,
                                      priority_fen=100),
        "claim": Case.objects.create(subject_type="claim", subject_id="CLT01REVIEW",
                                     priority_fen=50),
        "hospital": Case.objects.create(subject_type="hospital", subject_id="H2",
                                        priority_fen=10),
    }


def results(client, query: str) -> str:
    page = client.get("/home/search/", {"q": query}).content.decode()
    return page.split('data-testid="search-results"')[1]


def test_investigator_finds_a_case_by_number_and_opens_it(cases, client_of):
    case = cases["hospital"]
    for query in (str(case.pk), f"#{case.pk}"):
        page = results(client_of("investigator"), query)
        assert f'href="/casework/{case.pk}/"' in page and "H2" in page


def test_by_subject_id_and_by_the_subject_s_name(cases, client_of, county):
    client = client_of("investigator")
    person = county.people["ouyang_xiu"]
    assert f'href="/casework/{cases["person"].pk}/"' in results(client, person.person_id)
    by_name = results(client, "张伟")  # the claimant of the claim case
    assert f'/casework/{cases["claim"].pk}/' in by_name
    assert f'/casework/{cases["person"].pk}/' not in by_name
    assert f'/casework/{cases["hospital"].pk}/' in results(client, "县人民医院")


def test_the_supervisor_finds_cases_without_a_link_into_their_content(cases, client_of):
    page = results(client_of("director"), f"#{cases['claim'].pk}")
    assert f"#{cases['claim'].pk}" in page and "/casework/" not in page


@pytest.mark.parametrize("username", ["clerk_t01", "hospital_admin_h2", "accountant",
                                      "committee"])
def test_nobody_else_finds_a_case(cases, client_of, username):
    page = results(client_of(username), "CLT01REVIEW")
    assert "Investigation cases" not in page
    assert "Investigation cases" not in results(client_of(username), str(cases["claim"].pk))


def test_fraud_and_insurance_scheme_have_their_own_chinese():
    with translation.override("zh-hans"):
        assert str(Alert._meta.get_field("scheme").verbose_name) == "违规类型"
        assert str(Enrolment._meta.get_field("scheme").verbose_name) == "参保险种"
