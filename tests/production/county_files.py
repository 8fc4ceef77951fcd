"""The demo county's contract files (registry.demo, small) and a snapshot of what loading
them stores: the counts and sums a run through a worker, or a resumed run, must equal."""
from pathlib import Path

from django.db.models import Count, Sum

from casework.models import Case
from fraud.services import current_alerts
from registry import demo
from registry.demo import contract
from registry.management.commands.seed_demo import PHASE_ONE_FILES
from registry.models import (
    Certificate, DeclaredRelation, Enrolment, Hospital, Household, ImportRun, Person,
    StaffProfile,
)
from workflow.models import BillLine, Claim, Referral

DEMO_PEOPLE = 300


def write_demo_county(directory: Path) -> Path:
    """Every contract file of a 300-person demo county but decisions.csv (which seed_demo
    derives from the calculator after loading)."""
    directory.mkdir(parents=True, exist_ok=True)
    contract.write(demo.generate(people=DEMO_PEOPLE, seed=2025, year=2025), directory,
                   PHASE_ONE_FILES)
    return directory


def snapshot() -> dict:
    """Row counts and money sums of everything an import job stores."""
    figures = {model.__name__: model.objects.count() for model in (
        Hospital, Household, Person, Certificate, Enrolment, StaffProfile, DeclaredRelation,
        Referral, Claim, BillLine, Case)}
    figures["claims_fen"] = Claim.objects.aggregate(s=Sum("total_fen"))["s"]
    figures["bill_lines_fen"] = BillLine.objects.aggregate(s=Sum("amount_fen"))["s"]
    figures["import_runs"] = dict(ImportRun.objects.values_list("kind").annotate(n=Count("id"))
                                  .values_list("kind", "n"))
    alerts = current_alerts()
    figures["alerts"] = alerts.count()
    figures["alerts_at_risk_fen"] = alerts.aggregate(s=Sum("amount_at_risk_fen"))["s"]
    figures["alerts_by_scheme"] = dict(alerts.values_list("scheme").annotate(n=Count("id"))
                                       .values_list("scheme", "n"))
    return figures
