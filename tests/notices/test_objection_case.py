"""One click on an objection opens an investigation case, or joins the open case about the
same claim (DOMAIN.md: "Objections are intake for investigations: one click opens a case")."""
import pytest
from django.urls import reverse

from casework.choices import CaseState, CaseSubject
from casework.models import Case
from casework.services import open_or_join_case
from fraud import services as fraud
from fraud.models import Alert, ScoringRun
from notices import services
from notices.models import Objection
from tests.notices.conftest import notice_of


@pytest.fixture
def published(march, publish):
    return publish(notice_of("T01"))


@pytest.fixture
def objection(published):
    return services.file_objection(published.pk, "张伟 was never in hospital", line_no=1)


def _click(client, user, objection):
    client.force_login(user)
    return client.post(reverse("notices:open_case", args=[objection.notice_id, objection.pk]),
                       follow=True)


def test_one_click_opens_a_case_about_the_line_claim(client, march, published, objection):
    page = client.get(reverse("notices:public_detail", args=[published.pk]))
    assert "Open a case" not in page.content.decode()  # the public sees no staff list
    client.force_login(march.staff["clerk_t01"])
    page = client.get(reverse("notices:public_detail", args=[published.pk]))
    assert "Open a case" in page.content.decode()

    response = _click(client, march.staff["clerk_t01"], objection)
    case = Case.objects.get()
    line = published.lines.get(line_no=1)
    assert (case.subject_type, case.subject_id, case.state) == (
        CaseSubject.CLAIM, line.claim_id, CaseState.INTAKE)
    assert list(case.objections.all()) == [objection]
    assert case.amount_at_risk_fen == line.reimbursed_fen
    assert case.township_id == "T01" and case.due_on is not None
    body = response.content.decode()
    assert f"In case {case.pk}" in body and "Open a case" not in body
    assert case.events.filter(action="objection", actor=march.staff["clerk_t01"]).exists()


def test_a_second_objection_joins_the_same_case(client, march, published, objection):
    again = services.file_objection(published.pk, "same line again", line_no=1)
    _click(client, march.staff["supervisor"], objection)
    _click(client, march.staff["supervisor"], again)
    _click(client, march.staff["supervisor"], again)  # a second click changes nothing
    case = Case.objects.get()
    assert set(case.objections.all()) == {objection, again}
    assert case.events.filter(action="objection").count() == 2


def test_an_objection_joins_the_alerts_case_about_its_claim(client, march, published,
                                                           objection):
    claim_id = published.lines.get(line_no=1).claim_id
    run = ScoringRun.objects.create(year=2025, model_version=fraud.active_model())
    alert = Alert.objects.create(run=run, model_version=run.model_version, scheme="inflated_bill",
                                 subject_type="claim", subject_id=claim_id, score=0.8,
                                 rule_score=0.8, amount_at_risk_fen=100, reason_codes="X",
                                 reasons=[])
    open_or_join_case([alert])
    _click(client, march.staff["clerk_t01"], objection)
    case = Case.objects.get()
    assert list(case.alerts.all()) == [alert] and list(case.objections.all()) == [objection]


def test_an_objection_without_a_line_opens_a_case_about_the_notice(client, march, published):
    whole = services.file_objection(published.pk, "the totals are wrong")
    _click(client, march.staff["clerk_t01"], whole)
    case = Case.objects.get()
    assert (case.subject_type, case.subject_id) == (CaseSubject.NOTICE, str(published.pk))


@pytest.mark.parametrize("username", ["accountant", "hospital_admin_h2", "clerk_t02"])
def test_others_cannot_open_cases(client, march, objection, username):
    response = _click(client, march.staff[username], objection)
    assert response.status_code in (403, 404)
    assert not Case.objects.exists()
    assert Objection.objects.count() == 1
