"""referrals.csv and decisions.csv: recorded states and review history (CONTRACT.md)."""
import datetime as dt
import importlib
import zoneinfo

from django.apps import apps
from django.urls import reverse

from registry.models import ImportRun
from tests.registry.import_files import claim_row, import_rows, snapshot
from workflow.models import Referral, ReviewDecision
from workflow.referral_codes import CODE_ALPHABET, CODE_LENGTH


def referral_row(person_id, **changes):
    return {"referral_no": "R-0001", "person_id": person_id, "from_hospital_code": "H2",
            "to_hospital_code": "H3", "diagnosis_code": "C34.9", "status": "approved",
            "valid_from": "2025-03-01", "valid_to": "2025-03-30", **changes}


def decision_row(**changes):
    return {"claim_id": "CL-0001", "level": "1", "decided_by": "clerk_t01",
            "decision": "approved", "decided_at": "2025-03-12T09:30", "paid_amount": "",
            **changes}


def test_referrals_load_with_their_recorded_status(county, tmp_path):
    person = county.people["li_na"]

    run = import_rows(tmp_path, "referrals", [
        referral_row(person.pk), referral_row(person.pk, referral_no="R-0002",
                                              status="requested", valid_from="", valid_to="")])

    assert (run.status, run.created) == (ImportRun.Status.LOADED, 2)
    approved = Referral.objects.get(pk="R-0001")
    assert (approved.status, approved.person, approved.to_hospital_id) == ("approved", person, "H3")
    assert Referral.objects.get(pk="R-0002").valid_to is None
    before = snapshot(Referral)
    assert import_rows(tmp_path, "referrals", [referral_row(person.pk)]).unchanged == 1
    assert snapshot(Referral) == before


def test_imported_referrals_get_codes_the_public_page_resolves(county, tmp_path, client):
    person = county.people["li_na"]
    import_rows(tmp_path, "referrals", [
        referral_row(person.pk, valid_to="2099-12-31"),
        referral_row(person.pk, referral_no="R-0002", status="requested", valid_from="",
                     valid_to="")])
    codes = dict(Referral.objects.values_list("pk", "code"))
    assert all(len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
               for code in codes.values())
    assert codes["R-0001"] != codes["R-0002"]

    response = client.get(reverse("referrals_public:verify", args=[codes["R-0001"]]))
    assert response.status_code == 200
    assert 'class="standing-valid"' in response.content.decode()

    import_rows(tmp_path, "referrals", [referral_row(person.pk, diagnosis_code="C34.1")])
    assert Referral.objects.get(pk="R-0001").code == codes["R-0001"]  # kept on update


def test_the_migration_gives_rows_without_a_code_one(county, tmp_path):
    person = county.people["li_na"]
    import_rows(tmp_path, "referrals", [referral_row(person.pk),
                                        referral_row(person.pk, referral_no="R-0002")])
    kept = Referral.objects.get(pk="R-0002").code
    Referral.objects.filter(pk="R-0001").update(code=None)

    importlib.import_module("workflow.migrations.0007_imported_referral_codes").give_codes(
        apps, None)

    code = Referral.objects.get(pk="R-0001").code
    assert code and len(code) == CODE_LENGTH and code != kept
    assert Referral.objects.get(pk="R-0002").code == kept


def test_referral_checks_hospitals_and_validity(county, tmp_path):
    person = county.people["li_na"]

    run = import_rows(tmp_path, "referrals", [
        referral_row(person.pk, to_hospital_code="H404", valid_to="2025-02-01")])

    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [
        (2, "to_hospital_code", "H404"), (2, "valid_to", "2025-02-01")]
    assert not Referral.objects.exists()


def test_decisions_load_in_local_time_with_the_paid_amount(county, tmp_path):
    import_rows(tmp_path, "claims", [claim_row(county.people["zhang_wei"].pk)])

    run = import_rows(tmp_path, "decisions", [
        decision_row(),
        decision_row(level="2", decided_by="leader_t01", decided_at="2025-03-13T16:05",
                     paid_amount="1234.5")])

    assert (run.status, run.created) == (ImportRun.Status.LOADED, 2)
    final = ReviewDecision.objects.get(claim_id="CL-0001", level=2)
    assert final.decided_at == dt.datetime(2025, 3, 13, 16, 5,
                                           tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert (final.decided_by, final.paid_amount_fen) == (county.staff["leader_t01"], 123450)
    before = snapshot(ReviewDecision)
    run = import_rows(tmp_path, "decisions", [decision_row()])
    assert (run.created, run.updated, run.unchanged) == (0, 0, 1)
    assert snapshot(ReviewDecision) == before


def test_decisions_need_a_known_claim_and_reviewer(county, tmp_path):
    run = import_rows(tmp_path, "decisions", [
        decision_row(claim_id="CL-404", decided_by="ghost"),
        decision_row(claim_id="CL-405", decision="rejected", paid_amount="10")])

    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [
        (2, "claim_id", "CL-404"), (2, "decided_by", "ghost"),
        (3, "claim_id", "CL-405"), (3, "paid_amount", "10.00")]
    assert not ReviewDecision.objects.exists()
