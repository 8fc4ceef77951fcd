"""Review-test helpers: a claim's open task, and deciding it as a persona."""
import importlib

import pytest
from django.apps import apps
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


def seed_policy_tables() -> None:
    """Put back the policy tables benefits' migration seeds (idempotent): a transactional
    test's flush empties them, seeded rows included, for every test that runs after it."""
    importlib.import_module("benefits.migrations.0002_seed_policy_years").seed(apps, None)


@pytest.fixture
def policy_tables(transactional_db):
    """Transactional tests (browser, concurrency) start from a database an earlier one's flush
    may have emptied: the policy tables are put back first."""
    seed_policy_tables()
