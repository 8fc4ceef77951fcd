"""The small county with one of everything a page can show, rooted in township T01 and
hospital H2: claims at every review step (approved, returned, rejected, waiting), a notice
sent back, revised, published and objected to, a referral and an emergency report, a scheme
transfer and a scheme merger, a fraud alert with its case and evidence, a background job,
an API token, and the registry's side records.

Built through the apps' own services where they exist, as the URL permission test needs
real objects behind every path parameter (tests/security/urls.py picks them).
"""
import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.authtoken.models import Token

from casework import evidence, procedure
from casework.models import Case
from casework.services import open_or_join_case
from fraud import services as fraud
from fraud.models import Alert, ScoringRun
from jobs.models import Job
from notices import services as notices
from notices.models import Objection
from registry import mergers
from registry.models import (
    CertificateStatusChange, ChronicDiseaseCard, DeclaredRelation, ImportRun,
)
from tests.notices.conftest import MARCH, notice_of, open_task as notice_task, pay
from tests.workflow.claims import make_claim
from tests.workflow.conftest import open_task
from tests.workflow.referrals import file, report
from workflow import transfers
from workflow.services import decide

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _claims(county):
    staff = county.staff
    approved = make_claim(county, "li_na", 60000, hospital="H2")
    for reviewer in ("clerk_t01", "leader_t01", "director", "committee"):
        decide(open_task(approved).pk, staff[reviewer], "approved")
    decide(open_task(make_claim(county, "zhang_wei", 5000)).pk, staff["clerk_t01"], "returned",
           "The bill's date is wrong.")
    decide(open_task(make_claim(county, "zhang_wei", 5000)).pk, staff["clerk_t01"], "rejected",
           "Not covered.")
    make_claim(county, "li_na", 60000, hospital="H2")  # waiting for the clerk
    return approved


def _notices(county):
    staff = county.staff
    pay(county, ["zhang_wei", "li_na"], [500, 600])
    notices.build_month(MARCH)
    notice = notice_of("T01")
    notices.review(notice_task(notice).pk, staff["supervisor"], False, "Check the totals.")
    notices.revise(notice_task(notice).pk, staff["clerk_t01"], "Totals checked.")
    notices.review(notice_task(notice).pk, staff["supervisor"], True)
    Objection.objects.create(notice=notice, channel="public_page", filed_at=timezone.now(),
                             text="Line 1 was never in hospital.", line_no=1)


def _fraud_case(county, claim):
    run = ScoringRun.objects.create(year=county.year, model_version=fraud.active_model())
    alert = Alert.objects.create(
        run=run, model_version=run.model_version, scheme="inflated_bill", subject_type="claim",
        subject_id=claim.claim_id, score=0.9, rule_score=0.9, amount_at_risk_fen=100000,
        reason_codes="X", reasons=[])
    open_or_join_case([alert])
    case = Case.objects.get(alerts=alert)
    while case.state != "investigation":
        case = procedure.advance(case.pk, county.staff["investigator"])
    evidence.add(case.pk, county.staff["investigator"], SimpleUploadedFile("bill.pdf", PDF))


def _registry_records(county):
    staff, zhang_wei = county.staff, county.people["zhang_wei"]
    certificate = zhang_wei.certificates.get()
    CertificateStatusChange.objects.create(certificate=certificate, new_status="valid",
                                           changed_by=staff["admin"], reason="issued")
    ChronicDiseaseCard.objects.create(person=zhang_wei, disease="hypertension", year=county.year)
    DeclaredRelation.objects.create(user=staff["clerk_t01"], person=zhang_wei, relation="sibling")
    ImportRun.objects.create(kind="people", file_name="people.csv", sha256="0" * 64,
                             started_by=staff["admin"], status=ImportRun.Status.LOADED)
    mergers.create_merger("城乡合并", county.year, "urban_rural_resident", staff["admin"])


def build_world(county):
    """Everything above. Evidence goes to MEDIA_ROOT: point it at a scratch directory first."""
    staff = county.staff
    approved = _claims(county)
    _notices(county)
    file(county)  # a referral from H2 to H3 for 张伟 of T01
    report(county, dt.date(2025, 3, 1), by="hospital_admin_h2")
    transfers.file_transfer(
        staff["clerk_t01"], person_id=county.people["zhang_wei"].pk, from_scheme="ncms",
        to_scheme="urban_resident", reason="moved to the town", old_township_id="T01",
        new_township_id="T02", new_village_id="T02V01")
    _fraud_case(county, approved)
    _registry_records(county)
    Job.objects.create(kind="score", params={"year": county.year}, created_by=staff["admin"])
    Token.objects.create(user=staff["hospital_admin_h2"])
    return county
