"""The review pages in the Viewflow frontend: the scoped queue with due dates, the task page
with the calculator's explanation and history, a decision made there, a refusal shown there."""
import datetime as dt

from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.db import connection

from registry.models import DeclaredRelation
from tests.county import PASSWORD
from tests.workflow.claims import make_claim
from tests.workflow.conftest import open_task
from workflow.choices import ClaimState
from workflow.flows import ClaimFlow


def client_for(user) -> Client:
    """A signed-in client; pages in English, the language the assertions are written in."""
    user.staff.language = "en"
    user.staff.save(update_fields=["language"])
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def execute_url(task):
    return task.flow_task.reverse("execute", args=[task.process_id, task.pk])


def take(client, task):
    response = client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk]))
    assert response.status_code == 302


def test_queue_lists_own_township_tasks_with_due_dates(county):
    claim = make_claim(county, "zhang_wei", 5000)
    make_claim(county, "ouyang_xiu", 5000)
    page = client_for(county.staff["clerk_t01"]).get(ClaimFlow.instance.reverse("queue"))
    assert page.status_code == 200
    text = page.content.decode()
    assert claim.pk in text and "CL0002" not in text
    assert str(claim.submitted_on + dt.timedelta(days=7)) in text


def test_clerk_approves_on_the_task_page(county):
    claim = make_claim(county, "zhang_wei", 5000)
    client = client_for(county.staff["clerk_t01"])
    task = open_task(claim)
    take(client, task)
    page = client.get(execute_url(task))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="explanation"' in text and 'id="history"' in text and "3,675.00" in text
    response = client.post(execute_url(task), {"decision": "approved", "reason": ""})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW
    assert open_task(claim).flow_task.name == "leader"


def test_refusal_is_shown_and_nothing_changes(county):
    leader = county.staff["leader_t01"]
    DeclaredRelation.objects.create(user=leader, person=county.people["zhang_wei"],
                                    relation="spouse")
    claim = make_claim(county, "zhang_wei", 5000)
    clerk = client_for(county.staff["clerk_t01"])
    task = open_task(claim)
    take(clerk, task)
    clerk.post(execute_url(task), {"decision": "approved"})
    client = client_for(leader)
    task = open_task(claim)
    take(client, task)
    page = client.post(execute_url(task), {"decision": "approved"})
    assert page.status_code == 200
    assert "declared a relation" in page.content.decode()
    claim.refresh_from_db()
    assert claim.state == ClaimState.IN_REVIEW
    assert open_task(claim).flow_task.name == "leader"


def test_overdue_list_per_office(county):
    claim = make_claim(county, "zhang_wei", 5000)
    make_claim(county, "ouyang_xiu", 5000)
    page = client_for(county.staff["leader_t01"]).get(ClaimFlow.instance.reverse("overdue"))
    text = page.content.decode()
    assert page.status_code == 200
    assert claim.pk in text and "CL0002" not in text


def test_queue_query_count_does_not_grow_with_tasks(county):
    """Baseline: the queue page costs the same number of queries for 2 tasks as for 12."""
    client = client_for(county.staff["clerk_t01"])
    url = ClaimFlow.instance.reverse("queue")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make_claim(county, "zhang_wei", 5000)
    make_claim(county, "li_na", 5000)
    few = queries()
    for _ in range(10):
        make_claim(county, "zhang_wei", 5000)
    assert queries() == few


def test_claim_page_shows_the_history_of_decisions(county, act):
    claim = make_claim(county, "zhang_wei", 5000)
    act(claim, county.staff["clerk_t01"])
    page = client_for(county.staff["leader_t01"]).get(f"/claims/claim/{claim.pk}/detail/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="history"' in text and "clerk_t01" in text and 'id="fraud-flags"' in text
