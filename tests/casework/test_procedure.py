"""The national procedure: every transition, its time limit and due date, who may move a case,
assignment within capacity, reassignment by the supervisor with a reason (audited)."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from casework import decisions, procedure
from casework.choices import CaseAction, CaseState
from casework.models import Case

STEPS = [(CaseState.INTAKE, CaseState.FIRST_REVIEW), (CaseState.FIRST_REVIEW,
         CaseState.SECOND_REVIEW), (CaseState.SECOND_REVIEW, CaseState.INVESTIGATION),
         (CaseState.INVESTIGATION, CaseState.DECISION_PENDING)]
LIMITS = {"intake": 2, "first_review": 5, "second_review": 6, "investigation": 20,
          "decision": 9}


@pytest.fixture
def limits(settings):
    settings.CASE_TIME_LIMITS = LIMITS


def test_a_new_case_is_due_after_the_intake_limit(county, alert, paid_claim, case_of, limits):
    case = case_of([alert(paid_claim.pk)])
    assert case.state == CaseState.INTAKE
    assert case.due_on == timezone.localdate() + dt.timedelta(days=2)
    assert case.township_id == "T01" and case.hospital_id == "H1T01"


@pytest.mark.parametrize("source,target", STEPS)
def test_each_step_sets_the_next_state_and_its_due_date(county, alert, paid_claim, case_of,
                                                        limits, source, target):
    case = case_of([alert(paid_claim.pk)], state=source)
    case = procedure.advance(case.pk, county.staff["investigator"], "checked")
    case.refresh_from_db()
    assert case.state == target
    assert case.due_on == timezone.localdate(case.state_since) + dt.timedelta(
        days=LIMITS[target])
    event = case.events.order_by("-pk").first()
    assert (event.action, event.old_state, event.new_state, event.text) == (
        CaseAction.ADVANCED, source, target, "checked")
    assert AuditEntry.objects.filter(action="casework.advanced", object_id=str(case.pk)).exists()


@pytest.mark.parametrize("state", [CaseState.FIRST_REVIEW, CaseState.SECOND_REVIEW,
                                   CaseState.INVESTIGATION, CaseState.DECISION_PENDING])
def test_a_case_may_be_closed_unfounded_from_any_review(county, alert, paid_claim, case_of,
                                                        state):
    case = case_of([alert(paid_claim.pk)], state=state)
    decisions.decide(case.pk, county.staff["investigator"], CaseState.UNFOUNDED, "no fraud")
    case.refresh_from_db()
    assert (case.state, case.due_on) == (CaseState.UNFOUNDED, None)
    assert case.closed_at is not None


@pytest.mark.parametrize("outcome", [CaseState.CONFIRMED, CaseState.REFERRED])
def test_confirming_needs_the_decision_step(county, alert, paid_claim, case_of, outcome):
    case = case_of([alert(paid_claim.pk)], state=CaseState.INVESTIGATION)
    with pytest.raises(ValidationError):
        decisions.decide(case.pk, county.staff["investigator"], outcome, "fraud")
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATION


def test_a_pending_decision_does_not_move_on_by_itself(county, alert, paid_claim, case_of):
    case = case_of([alert(paid_claim.pk)], state=CaseState.DECISION_PENDING)
    with pytest.raises(ValidationError):
        procedure.advance(case.pk, county.staff["investigator"])


def test_intake_cannot_be_closed_before_a_review(county, alert, paid_claim, case_of):
    case = case_of([alert(paid_claim.pk)])
    with pytest.raises(ValidationError):
        decisions.decide(case.pk, county.staff["investigator"], CaseState.UNFOUNDED, "x")


@pytest.mark.parametrize("username", ["clerk_t01", "director", "supervisor", "admin_less"])
def test_only_investigators_move_cases(county, alert, paid_claim, case_of, username):
    case = case_of([alert(paid_claim.pk)])
    user = county.staff.get(username) or county.add_staff(username, "accountant")
    with pytest.raises(PermissionDenied):
        procedure.advance(case.pk, user)
    case.refresh_from_db()
    assert case.state == CaseState.INTAKE


def test_overdue_once_the_due_date_has_passed(county, alert, paid_claim, case_of, limits):
    case = case_of([alert(paid_claim.pk)])
    assert not case.is_overdue()
    assert case.is_overdue(timezone.localdate() + dt.timedelta(days=3))


def test_an_investigator_takes_cases_up_to_the_capacity(county, alert, paid_claim, case_of,
                                                        settings):
    settings.CASE_INVESTIGATOR_CAPACITY = 1
    investigator = county.staff["investigator"]
    first = case_of([alert(paid_claim.pk)])
    second = case_of([alert("H2", subject_type="hospital")])
    procedure.assign(first.pk, investigator)
    with pytest.raises(ValidationError):
        procedure.assign(second.pk, investigator)
    assert Case.objects.get(pk=second.pk).assignee is None


def test_reassignment_is_the_supervisors_and_needs_a_reason(county, alert, paid_claim, case_of):
    investigator = county.staff["investigator"]
    other = county.add_staff("investigator_2", "investigator")
    case = case_of([alert(paid_claim.pk)])
    procedure.assign(case.pk, investigator)
    with pytest.raises(PermissionDenied):  # an investigator cannot take it from a colleague
        procedure.assign(case.pk, other)
    director = county.staff["director"]
    with pytest.raises(ValidationError):
        procedure.assign(case.pk, director, other.pk)
    procedure.assign(case.pk, director, other.pk, "on leave")
    case.refresh_from_db()
    assert case.assignee == other
    event = case.events.get(action=CaseAction.REASSIGNED)
    assert (event.actor, event.text) == (director, "on leave")
    entry = AuditEntry.objects.get(action="casework.reassigned")
    assert entry.changes["assignee"] == ["investigator", "investigator_2"]


def test_cases_go_to_investigators_only(county, alert, paid_claim, case_of):
    case = case_of([alert(paid_claim.pk)])
    with pytest.raises(ValidationError):
        procedure.assign(case.pk, county.staff["director"], county.staff["clerk_t01"].pk)
