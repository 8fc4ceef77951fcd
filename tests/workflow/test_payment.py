"""Payment batches: approved claims batched by the accountant, a batch paid exactly once,
a paid claim never changes (DOMAIN.md "Payment")."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed

from audit.models import AuditEntry
from tests.workflow.claims import make_claim
from workflow.choices import BatchState, ClaimState
from workflow.services import appeal, create_batch, pay_batch


@pytest.fixture
def approved(county, act):
    small = make_claim(county, "zhang_wei", 500)
    large = make_claim(county, "zhang_wei", 5000)
    act(large, county.staff["clerk_t01"])
    act(large, county.staff["leader_t01"])
    return small, large


def test_accountant_batches_and_pays_approved_claims(county, approved):
    accountant = county.staff["accountant"]
    batch = create_batch(accountant)
    assert batch.total_fen == 30000 + 367500
    pay_batch(batch.pk, accountant)
    batch.refresh_from_db()
    assert (batch.state, batch.paid_by) == (BatchState.PAID, accountant)
    for claim in approved:
        claim.refresh_from_db()
        assert (claim.state, claim.payment_batch_id) == (ClaimState.PAID, batch.pk)
    assert AuditEntry.objects.filter(action="workflow.paid").count() == 2


def test_a_batch_paid_twice_is_refused(county, approved):
    accountant = county.staff["accountant"]
    batch = create_batch(accountant)
    pay_batch(batch.pk, accountant)
    with pytest.raises(ValidationError, match="already paid"):
        pay_batch(batch.pk, accountant)
    assert AuditEntry.objects.filter(action="workflow.batch_paid").count() == 1
    assert AuditEntry.objects.filter(action="workflow.paid").count() == 2


def test_only_the_accountant_pays(county, approved):
    batch = create_batch(county.staff["accountant"])
    with pytest.raises(PermissionDenied):
        pay_batch(batch.pk, county.staff["director"])
    batch.refresh_from_db()
    assert batch.state == BatchState.OPEN


def test_a_paid_claim_cannot_change(county, approved):
    accountant = county.staff["accountant"]
    pay_batch(create_batch(accountant).pk, accountant)
    claim = approved[1]
    claim.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        claim.reject()
    with pytest.raises(PermissionDenied):
        appeal(claim.pk, county.staff["clerk_t01"], "pay more")
    with pytest.raises(ValidationError, match="No approved claim"):
        create_batch(accountant)
    claim.refresh_from_db()
    assert claim.state == ClaimState.PAID
