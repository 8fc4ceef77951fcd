"""`seed_demo` and `demo_logins`: the demo county loads whole, reloads the same, signs in."""
import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db import transaction

from benefits.services import settle_year
from registry.choices import Role
from registry.demo import DEMO_PASSWORD, contract
from registry.demo.decisions import LEVEL_ROLES
from registry.models import (
    Certificate, ChronicDiseaseCard, DeclaredRelation, Enrolment, Hospital, Household, ImportRun,
    Person, StaffProfile, Township, Village,
)
from workflow.choices import ClaimState
from workflow.models import BillLine, Claim, ClaimReview, Referral, ReviewDecision

PEOPLE = 300
YEAR = 2025
COUNTED = (Township, Village, Household, Person, Certificate, Enrolment, ChronicDiseaseCard,
           Hospital, StaffProfile, DeclaredRelation, Referral, Claim, BillLine, ReviewDecision)


def counts() -> dict[str, int]:
    tables = {model.__name__: model.objects.count() for model in COUNTED}
    tables["User"] = get_user_model().objects.count()
    return tables


def seed(directory=None, **options) -> str:
    out = io.StringIO()
    if directory is not None:
        options["export"] = str(directory)
    call_command("seed_demo", people=PEOPLE, seed=11, year=YEAR, stdout=out, **options)
    return out.getvalue()


def rows(directory, name):
    with open(directory / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def seeded(db, tmp_path):
    seed(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def export_and_counts(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed once with --export, note the counts, roll the database back to empty."""
    directory = tmp_path_factory.mktemp("demo-export")
    with django_db_blocker.unblock(), transaction.atomic():
        seed(directory)
        seeded_counts = counts()
        transaction.set_rollback(True)
    return directory, seeded_counts


def test_seed_demo_loads_every_file_without_a_rejection(seeded):
    runs = ImportRun.objects.all()
    assert {run.file_name for run in runs} == set(contract.CONTRACT_FILES)
    assert all(run.status == ImportRun.Status.LOADED for run in runs)
    assert Person.objects.count() == len({p["person_id"] for p in rows(seeded, "people.csv")})
    assert Claim.objects.count() == len(rows(seeded, "claims.csv"))
    assert BillLine.objects.count() == len(rows(seeded, "bill_lines.csv"))
    assert ReviewDecision.objects.count() == len(rows(seeded, "decisions.csv")) > 0


def test_export_imported_into_an_empty_database_gives_the_same_counts(export_and_counts, db):
    directory, seeded_counts = export_and_counts
    assert Person.objects.count() == 0
    call_command("import_data", str(directory), stdout=io.StringIO())
    assert counts() == seeded_counts


def test_same_seed_exports_identical_files_including_the_review_history(export_and_counts,
                                                                         seeded):
    directory, _ = export_and_counts
    written = sorted(p.relative_to(directory) for p in directory.rglob("*.csv"))
    assert written == sorted(p.relative_to(seeded) for p in seeded.rglob("*.csv"))
    for path in written:
        assert (directory / path).read_bytes() == (seeded / path).read_bytes(), path


def test_if_empty_seeds_an_empty_database_once(db, tmp_path):
    seed(tmp_path, if_empty=True)
    first = counts()
    assert first["Person"] >= PEOPLE
    out = io.StringIO()
    call_command("seed_demo", people=PEOPLE + 100, seed=12, if_empty=True, stdout=out)
    assert counts() == first
    assert "already" in out.getvalue()


def test_without_export_the_ground_truth_goes_to_var_demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    seed()
    truth = tmp_path / "demo" / contract.TRUTH_PATH
    assert rows(truth.parent, truth.name)
    assert [p.name for p in (tmp_path / "demo").iterdir()] == ["ground_truth"]


def test_demo_password_passes_the_password_validators():
    validate_password(DEMO_PASSWORD)


def test_demo_logins_prints_a_login_for_every_role(seeded):
    out = io.StringIO()
    call_command("demo_logins", url="http://demo.example/", stdout=out)
    lines = out.getvalue().splitlines()
    assert "http://demo.example/" in lines[0]
    table = [line.split() for line in lines[2:]]
    assert sorted(row[2] for row in table) == sorted(Role.values)
    assert all(row[1] == DEMO_PASSWORD for row in table)
    users = get_user_model().objects
    clerk = users.get(username=next(row[0] for row in table if row[2] == Role.CLERK))
    assert clerk.check_password(DEMO_PASSWORD)
    admin = users.get(username="admin")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)


def test_review_history_follows_the_approval_matrix_and_four_eyes(seeded):
    """Levels 1..approval_level by the right roles; the final row pays what the fund owes;
    nobody signs what they entered or a relative's claim, except the injected favours."""
    settled = settle_year(YEAR)
    favoured = {t["subject_id"] for t in rows(seeded, contract.TRUTH_PATH)
                if t["scheme"] == "favour_reimbursement" and t["subject_type"] == "claim"}
    related = set(DeclaredRelation.objects.values_list("user_id", "person_id"))
    households = dict(StaffProfile.objects.values_list("user_id", "household_id"))
    by_claim = {}
    for decision in ReviewDecision.objects.select_related("claim", "decided_by__staff"):
        by_claim.setdefault(decision.claim_id, []).append(decision)
    assert by_claim
    for claim_id, decisions in by_claim.items():
        decisions.sort(key=lambda d: d.level)
        assert [d.level for d in decisions] == list(range(1, len(decisions) + 1))
        assert [d.decided_at for d in decisions] == sorted(d.decided_at for d in decisions)
        if claim_id in favoured:
            continue
        for decision in decisions:
            claim, user = decision.claim, decision.decided_by
            assert user.staff.role == LEVEL_ROLES[decision.level]
            assert user.pk != claim.entered_by_id
            assert (user.pk, claim.person_id) not in related
            assert households[user.pk] is None or households[user.pk] != Person.objects.get(
                pk=claim.person_id).household_id
        final = decisions[-1]
        if final.decision == "approved":
            row = settled.loc[claim_id]
            assert len(decisions) == row["approval_level"]
            assert final.paid_amount_fen == row["reimbursed_fen"] + row["supplement_fen"]


def test_review_favours_and_bunching_show_in_the_ground_truth(seeded):
    truth = rows(seeded, contract.TRUTH_PATH)
    mechanisms = {t["mechanism"] for t in truth if t["scheme"] == "favour_reimbursement"}
    assert {"relative_approved_by_reviewer", "paid_more_than_allowed", "paid_despite_rejection",
            "concentrated_approvals", "bunched_under_threshold", "split_claims"} <= mechanisms
    settled = settle_year(YEAR)
    for t in truth:
        if t["mechanism"] == "paid_more_than_allowed" and t["subject_type"] == "claim":
            row = settled.loc[t["subject_id"]]
            paid = ReviewDecision.objects.filter(claim_id=t["subject_id"]).order_by(
                "level").last().paid_amount_fen
            assert paid > row["reimbursed_fen"] + row["supplement_fen"]
        if t["mechanism"] == "paid_despite_rejection" and t["subject_type"] == "claim":
            assert settled.loc[t["subject_id"], "decision"] == "rejected"
            assert ReviewDecision.objects.get(claim_id=t["subject_id"]).paid_amount_fen > 0
        if t["mechanism"] == "bunched_under_threshold" and t["subject_type"] == "claim":
            row = settled.loc[t["subject_id"]]
            payable = row["reimbursed_fen"] + row["supplement_fen"]
            assert any(threshold * 90 <= payable < threshold * 100
                       for threshold in (1000, 15000, 30000))


def test_claims_without_review_history_are_routed_and_the_history_is_left_as_imported(seeded):
    decided = set(ReviewDecision.objects.values_list("claim_id", flat=True))
    undecided = Claim.objects.exclude(pk__in=decided)
    assert not undecided.filter(state=ClaimState.RECEIVED).exists()
    assert undecided.filter(state=ClaimState.APPROVED).exists()
    in_review = undecided.filter(state=ClaimState.IN_REVIEW)
    assert in_review.exists()
    assert ClaimReview.objects.filter(claim__in=in_review).count() == in_review.count()
    assert set(Claim.objects.filter(pk__in=decided).values_list("state", flat=True)) == {
        ClaimState.RECEIVED}


def test_every_demo_login_reaches_a_page(seeded, client):
    out = io.StringIO()
    call_command("demo_logins", url="http://demo.example/", stdout=out)
    usernames = [line.split()[0] for line in out.getvalue().splitlines()[2:]]
    assert len(usernames) == len(Role.values)
    for username in usernames:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        response = client.get("/", follow=True)
        assert response.status_code == 200, username
        assert not response.request["PATH_INFO"].startswith("/accounts/login/"), username
        assert response.wsgi_request.user.username == username
        client.logout()
