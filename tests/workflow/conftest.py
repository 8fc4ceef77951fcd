"""Review-test helpers: a claim's open task, and deciding it as a persona."""
import pytest
from django.utils import translation
from viewflow.workflow.models import Task

from workflow.services import OPEN_TASK, decide


def open_task(claim) -> Task:
    return Task.objects.get(process__claim_review__claim=claim, status__in=OPEN_TASK)


@pytest.fixture
def act():
    """act(claim, user, decision="approved", reason="") decides the claim's open task."""
    def act_on(claim, user, decision="approved", reason=""):
        decided = decide(open_task(claim).pk, user, decision, reason)
        claim.refresh_from_db()
        return decided
    return act_on


@pytest.fixture(autouse=True)
def in_english():
    """Refusal messages are matched in English (the messages' source language)."""
    with translation.override("en"):
        yield
