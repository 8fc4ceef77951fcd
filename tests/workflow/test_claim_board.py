"""/claim/, Viewflow's board of the review: only the tasks of claims in the user's scope, in
a number of SQL queries that does not grow with the number of tasks shown."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.workflow.claims import make_claim
from workflow.services import open_tasks


def board(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/claim/")
    assert response.status_code == 200
    return response, len(queries)


def shown_tasks(response) -> set[int]:
    return {task.pk for column in response.context["columns"] for task in column["tasks"]}


def test_a_township_clerk_sees_only_the_own_township_s_tasks(county, client):
    own = make_claim(county, "zhang_wei", 5000)
    other = make_claim(county, "ouyang_xiu", 5000, hospital="H1T02")
    response, _queries = board(client, county.staff["clerk_t01"])
    own_task, = open_tasks(county.staff["clerk_t01"]).filter(process__claim_review__claim=own)
    assert shown_tasks(response) == {own_task.pk}
    assert f"#{own_task.process_id}/{own_task.pk}" in response.content.decode()
    director, _queries = board(client, county.staff["director"])
    assert {t.process.claim_review.claim_id for c in director.context["columns"]
            for t in c["tasks"]} == {own.pk, other.pk}


def test_the_query_count_does_not_grow_with_the_tasks(county, client):
    make_claim(county, "zhang_wei", 5000)
    _response, few = board(client, county.staff["clerk_t01"])
    for person in ("li_na", "wang_xiaoming", "zhang_wei", "li_na"):
        make_claim(county, person, 5000)
    response, many = board(client, county.staff["clerk_t01"])
    assert len(shown_tasks(response)) >= 4  # a claim may be routed straight to an end
    assert many == few
