"""Two people approving one task at the same moment: exactly one wins (select_for_update on
the process row, PostgreSQL). SQLite serialises writers by itself and has no row locks to
test, so this test needs PostgreSQL (DATABASE_URL)."""
import threading

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from viewflow.workflow.exceptions import FlowLockFailed

from tests.workflow.claims import make_claim
from tests.workflow.conftest import open_task
from workflow.models import ClaimTransition, ReviewDecision
from workflow.services import decide

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="row locks are a PostgreSQL feature")


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_approvals_exactly_one_wins(policy_tables, county):
    claim = make_claim(county, "zhang_wei", 5000)
    second_clerk = county.add_staff("clerk_t01_b", "clerk", township="T01")
    second_clerk.user_permissions.add(Permission.objects.get(codename="review_claim_level_1"))
    task = open_task(claim)
    barrier = threading.Barrier(2)
    outcomes = {}

    def approve(user):
        try:
            barrier.wait()
            decide(task.pk, user, "approved")
            outcomes[user.username] = "won"
        except (PermissionDenied, FlowLockFailed) as refused:
            outcomes[user.username] = type(refused).__name__
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(user,))
               for user in (county.staff["clerk_t01"], second_clerk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()).count("won") == 1
    assert ReviewDecision.objects.filter(claim=claim, level=1).count() == 1
    assert ClaimTransition.objects.filter(claim=claim, level=1).count() == 1
    assert open_task(claim).flow_task.name == "leader"
