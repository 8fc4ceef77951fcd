"""What the case page shows: the alerts with their reasons, the objections, the claims with
their calculator explanations and bill lines, the person's and household's history, the
hospital's peer comparison, the evidence and the timeline. Read-only."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Sum

from benefits import services as benefits
from casework import subjects
from casework.letter import yuan
from dashboard.money import local_fen
from fraud.choices import sentence
from registry.models import Hospital, Person
from workflow.models import Claim

HISTORY = 50


@dataclass
class ClaimFile:
    claim: Claim
    explanation: list[str]
    lines: list


@dataclass(frozen=True)
class PeerComparison:
    hospital: Hospital
    claims: int
    mean_yuan: str
    peer_hospitals: int
    peer_mean_yuan: str
    ratio_percent: int | None


def alerts(case) -> list[dict]:
    return [{"alert": alert, "reasons": [(sentence(r, p), s) for r, s, p in alert.reasons]}
            for alert in case.alerts.select_related("run").order_by("-score", "pk")]


def _explanation(claim: Claim) -> list[str]:
    try:
        return benefits.explain(claim)
    except (benefits.PolicyMissing, benefits.ClaimInputError) as error:
        return [str(error)]


def claims(case) -> list[ClaimFile]:
    rows = (Claim.objects.filter(pk__in=subjects.claim_ids(case))
            .select_related("person", "hospital").prefetch_related("lines")
            .order_by("admitted_on", "pk"))
    return [ClaimFile(claim, _explanation(claim), list(claim.lines.all())) for claim in rows]


def history(case) -> dict:
    """The person and the claims of their household (all years, newest first)."""
    person = Person.objects.select_related("household__township").filter(
        pk=subjects.person_id(case)).first()
    if person is None:
        return {"person": None, "claims": []}
    rows = (Claim.objects.filter(person__household_id=person.household_id)
            .select_related("person", "hospital").order_by("-admitted_on", "pk")[:HISTORY])
    return {"person": person, "claims": list(rows),
            "certificates": list(person.certificates.all())}


def peer_comparison(case) -> PeerComparison | None:
    """The case's hospital against hospitals of its level: mean claim cost (seed 001 part 3:
    two hospitals whose revenues differ tenfold while reimbursements are nearly equal)."""
    hospital = Hospital.objects.filter(pk=case.hospital_id).first() if case.hospital_id else None
    if hospital is None:
        return None
    own = Claim.objects.filter(hospital=hospital).aggregate(n=Count("pk"), mean=Avg("total_fen"))
    peers = (Claim.objects.filter(hospital__level=hospital.level).exclude(hospital=hospital)
             .aggregate(hospitals=Count("hospital", distinct=True), total=Sum("total_fen"),
                        n=Count("pk")))
    own_mean = round(own["mean"] or 0)
    peer_mean = (peers["total"] or 0) // peers["n"] if peers["n"] else 0
    return PeerComparison(hospital, own["n"], yuan(own_mean), peers["hospitals"],
                          yuan(peer_mean), round(own_mean * 100 / peer_mean) if peer_mean
                          else None)


def page(case) -> dict:
    decision = getattr(case, "decision", None)
    return {
        "alerts": alerts(case),
        "objections": list(case.objections.select_related("notice__township")),
        "claims": claims(case), "history": history(case), "peers": peer_comparison(case),
        "evidence": list(case.evidence.select_related("uploaded_by")),
        "timeline": list(case.events.select_related("actor").order_by("at", "pk")),
        "decision": decision,
        "orders": [{"order": o, "costs": local_fen(o.costs_fen),
                    "penalty": local_fen(o.penalty_fen), "amount": local_fen(o.amount_fen)}
                   for o in case.recovery_orders.all()],
    }
