"""What other apps call: one claim's result and explanation, a whole year settled, stored.

Loads the policy tables and the registry/workflow rows the rules need, and hands them to
the pure rules in benefits.rules: `calculate` through the per-claim path, `settle_year`
through the vectorised path. Both give the same figures to the fen (tests/benefits).

Decisions where DOMAIN.md is silent (also in README "Reimbursement calculator"):
- Enrolments in the `urban_employee` scheme are a foreign roster (DOMAIN.md: only for
  duplicate checks) and never cover a claim.
- The certificate's current status is the one checked (the registry keeps no dated
  status); a lent certificate is void for the rest of the year anyway (DOMAIN.md).
- Referrals and emergency reports come from workflow.cover (its docstring says which ones
  cover an admission), read the same way by both paths.
- Household account opening balance for year Y = per-person amount of each member's tier
  for every policy year up to Y (members enrolled in the household that year) minus the
  outpatient reimbursements stored for earlier years: unused balance carries over, so
  earlier years must be adjudicated (stored) first.
"""
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from audit import services as audit
from benefits.explanation import render
from benefits.models import Assessment, PolicyYear
from benefits.rules import codes
from benefits.rules.claim import Ledger, Result, settle_in_order
from benefits.rules.inputs import BillLine, Claim as ClaimInput, ClaimInputError
from benefits.rules.inputs import Enrolment as EnrolmentInput, PersonYear, Referral as ReferralInput
from benefits.rules.policy import Policy, policy_from_mapping
from benefits.rules.year import NO_DAY, RESULT_COLUMNS, settle_frames
from claimdesk import exports
from claimdesk.frames import read_frame, write_staged
from registry.choices import Scheme
from registry.models import Certificate, ChronicDiseaseCard, Enrolment, Hospital, Person
from workflow.choices import ClaimType
from workflow.cover import covering_referrals, emergency_dates
from workflow.models import BillLine as BillLineRow, Claim

__all__ = ["ClaimInputError", "PolicyMissing", "adjudication_rows", "calculate", "explain",
           "household_openings", "load_policy", "referral_validity_days", "settle_year",
           "store_claim", "store_year", "write_adjudication_csv", "year_frames"]

FOREIGN_SCHEMES = (Scheme.URBAN_EMPLOYEE,)
CSV_COLUMNS = ["claim_id", "decision", "reason_codes", "eligible_amount", "deductible",
               "reimbursed", "supplement", "cap_applied", "approval_level"]


class PolicyMissing(LookupError):
    """No policy tables for the year (an administrator must create them first)."""


def referral_validity_days(day: dt.date) -> int:
    """How many days a referral approved on `day` stays valid: the value of the policy year
    of that day, or, before an administrator enters that year, of the latest earlier one (a
    policy stays in force until it is replaced; README "Referrals and scheme transfers").
    Raises PolicyMissing when no policy year starts on or before the day."""
    days = (PolicyYear.objects.filter(year__lte=day.year).order_by("-year")
            .values_list("referral_validity_days", flat=True).first())
    if days is None:
        raise PolicyMissing(f"no policy tables for {day.year} or earlier")
    return days


def load_policy(year: int) -> Policy:
    """The year's policy tables as one `Policy` (DOMAIN.md values, as edited)."""
    try:
        row = PolicyYear.objects.get(year=year)
    except PolicyYear.DoesNotExist:
        raise PolicyMissing(f"no policy tables for {year}") from None
    scalars = {f.name: getattr(row, f.name) for f in PolicyYear._meta.concrete_fields
               if f.name != "year"}
    roles = {"excluded": [], "tcm": [], "chronic_drug": []}
    for category in row.categories.all():
        roles[category.role].append(category.category)
    ratios: dict = {}
    for ratio in row.ratios.all():
        ratios.setdefault(str(ratio.tier), {})[str(ratio.level)] = ratio.ratio_percent
    return policy_from_mapping(year, {
        "scalars": scalars,
        "levels": {str(lv.level): {"deductible_fen": lv.deductible_fen,
                                   "bed_cap_fen": lv.bed_cap_fen} for lv in row.levels.all()},
        "tiers": {str(t.tier): {
            "household_account_fen": t.household_account_fen,
            "inpatient_cap_adult_fen": t.inpatient_cap_adult_fen,
            "inpatient_cap_minor_fen": t.inpatient_cap_minor_fen,
            "chronic_cap_fen": t.chronic_cap_fen,
            "special_outpatient": t.special_outpatient} for t in row.tiers.all()},
        "ratios": ratios,
        "categories": roles,
        "excluded_causes": [c.cause for c in row.excluded_causes.all()],
        "veteran_percent": {v.category: v.rate_percent for v in row.veteran_rates.all()},
    })


EPOCH = dt.date(1970, 1, 1)


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def household_openings(year: int, household_ids=None) -> dict[str, int]:
    """Each household account's balance on 1 January of `year` (see module docstring).

    A person enrolled twice in one year counts once, in the first enrolment's household.
    """
    per_person = {p.year: {t.tier: t.household_account_fen for t in p.tiers.all()}
                  for p in PolicyYear.objects.filter(year__lte=year).prefetch_related("tiers")}
    enrolments = (Enrolment.objects.filter(year__in=per_person)
                  .exclude(scheme__in=FOREIGN_SCHEMES).order_by("id")
                  .values_list("household_id", "person_id", "year", "tier"))
    spent = Assessment.objects.filter(policy_year__lt=year, reimbursed_fen__gt=0,
                                      claim__claim_type=ClaimType.OUTPATIENT)
    if household_ids is not None:
        enrolments = enrolments.filter(household_id__in=household_ids)
        spent = spent.filter(claim__person__enrolments__household_id__in=household_ids)
    household_of: dict[tuple[str, int], str] = {}
    balances: dict[str, int] = {}
    for household, person, enrolled_year, tier in enrolments.iterator(chunk_size=20000):
        if (person, enrolled_year) not in household_of:
            household_of[(person, enrolled_year)] = household
            amount = per_person[enrolled_year].get(tier, 0)
            balances[household] = balances.get(household, 0) + amount
    for _claim, person, paid_year, paid in spent.values_list(
            "claim_id", "claim__person_id", "policy_year", "reimbursed_fen").distinct():
        household = household_of.get((person, paid_year))
        if household is not None:
            balances[household] -= paid
    return balances


def _quantity_milli(quantity: Decimal) -> int:
    return int((quantity * 1000).to_integral_value(ROUND_HALF_UP))


def _day_number(day: dt.date | None) -> int:
    return NO_DAY if day is None else (day - EPOCH).days


def _emergency_date(claim: Claim, emergency: dict) -> dt.date | None:
    """The admission's emergency report in ClaimDesk decides, else the claim's own date
    (workflow.cover)."""
    return emergency.get((claim.person_id, claim.hospital_id, claim.admitted_on),
                         claim.emergency_reported_on)


def _claim_input(claim: Claim, hospitals: dict[str, Hospital], emergency: dict) -> ClaimInput:
    hospital = hospitals[claim.hospital_id]
    return ClaimInput(
        claim_id=claim.claim_id, person_id=claim.person_id,
        certificate_no=claim.certificate_no, hospital_code=claim.hospital_id,
        hospital_level=hospital.level, hospital_in_county=hospital.in_county,
        hospital_nonprofit=hospital.nonprofit, claim_type=claim.claim_type,
        admitted_on=claim.admitted_on, discharged_on=claim.discharged_on, cause=claim.cause,
        chronic_disease=claim.chronic_disease,
        emergency_reported_on=_emergency_date(claim, emergency),
        lines=tuple(BillLine(line.line_no, line.category, _quantity_milli(line.quantity),
                             line.unit_price_fen, line.amount_fen, line.in_catalogue,
                             line.service_date)
                    for line in claim.lines.all()))


def _people_inputs(person_ids, year: int) -> dict[str, PersonYear]:
    """The rules' view of each person's year: enrolments (load order), referrals, cards."""
    start, end = _year_bounds(year)
    enrolments: dict[str, list] = {}
    for e in (Enrolment.objects.filter(person_id__in=person_ids, year=year)
              .exclude(scheme__in=FOREIGN_SCHEMES).select_related("certificate").order_by("id")):
        enrolments.setdefault(e.person_id, []).append(EnrolmentInput(
            e.certificate_id, e.certificate.status, e.tier, e.household_id, e.enrolled_from,
            e.enrolled_to, e.veteran_category))
    referrals: dict[str, list] = {}
    for person_id, to_hospital, valid_from, valid_to in covering_referrals(start, end,
                                                                         person_ids):
        referrals.setdefault(person_id, []).append(
            ReferralInput(to_hospital, valid_from, valid_to))
    cards: dict[str, set] = {}
    for person_id, disease in ChronicDiseaseCard.objects.filter(
            person_id__in=person_ids, year=year).values_list("person_id", "disease"):
        cards.setdefault(person_id, set()).add(disease)
    return {p.person_id: PersonYear(p.person_id, p.birth_date,
                                    tuple(enrolments.get(p.person_id, ())), p.died_on,
                                    tuple(referrals.get(p.person_id, ())),
                                    frozenset(cards.get(p.person_id, ())))
            for p in Person.objects.filter(person_id__in=person_ids)}


def calculate(claim: Claim) -> Result:
    """One claim's result with explanation lines (the per-claim path).

    Replays, in claim order, the year's earlier claims of the person and of the members of
    their household, so caps and the household account stand where they did when this
    claim came up (DOMAIN.md: consumed in order of admitted_on, then claim_id).
    Raises ClaimInputError for bad input, PolicyMissing for a year without tables.
    """
    year = claim.admitted_on.year
    policy = load_policy(year)
    households = set(Enrolment.objects.filter(person_id=claim.person_id, year=year)
                     .values_list("household_id", flat=True))
    members = set(Enrolment.objects.filter(household_id__in=households, year=year)
                  .values_list("person_id", flat=True)) | {claim.person_id}
    start, end = _year_bounds(year)
    earlier = (Claim.objects.filter(person_id__in=members, admitted_on__gte=start)
               .filter(Q(admitted_on__lt=claim.admitted_on)
                       | Q(admitted_on=claim.admitted_on, claim_id__lte=claim.claim_id))
               .prefetch_related("lines"))
    hospitals = {h.code: h for h in Hospital.objects.filter(
        code__in={c.hospital_id for c in earlier} | {claim.hospital_id})}
    emergency = emergency_dates(start, end, members)
    inputs = [_claim_input(c, hospitals, emergency) for c in earlier]
    ledger = Ledger(opening_balances=household_openings(year, households))
    results = settle_in_order(inputs, _people_inputs(members, year), ledger, policy)
    return results[claim.claim_id]


def explain(claim: Claim) -> list[str]:
    """The explanation a reviewer (and the claimant's decision letter) reads, line by line."""
    return render(calculate(claim).lines)


def _assessment_values(result: Result, year: int, now) -> dict:
    return {"policy_year": year, "decision": result.decision,
            "reason_codes": ";".join(result.reason_codes), "eligible_fen": result.eligible_fen,
            "deductible_fen": result.deductible_fen, "reimbursed_fen": result.reimbursed_fen,
            "supplement_fen": result.supplement_fen, "cap_applied": result.cap_applied,
            "approval_level": result.approval_level,
            "explanation": [line.as_dict() for line in result.lines], "computed_at": now}


@transaction.atomic
def store_claim(claim: Claim, actor=None) -> Assessment:
    """Compute one claim and keep its result with the explanation lines (audited)."""
    result = calculate(claim)
    assessment, _created = Assessment.objects.update_or_create(
        claim=claim, defaults=_assessment_values(result, claim.admitted_on.year, timezone.now()))
    audit.record(actor, "benefits.assess", assessment, changes=result.figures())
    return assessment


def _days(column: str) -> str:
    """SQL for a date column as days since 1970 (NO_DAY when empty): an int column reads
    several times faster than dates, and the vectorised path works in days anyway."""
    if connection.vendor == "postgresql":
        return f"COALESCE({column} - DATE '1970-01-01', {NO_DAY})"
    return f"COALESCE(CAST(julianday({column}) - 2440587.5 AS INTEGER), {NO_DAY})"


def year_frames(year: int) -> dict[str, pd.DataFrame]:
    """The rows `benefits.rules.year.settle_frames` reads, straight from the tables.

    Plain SQL over a year's claims: the ORM's per-row objects would cost more than the
    whole calculation (bench/adjudicate.py).
    """
    start, end = _year_bounds(year)
    claim, line, hospital = (Claim._meta.db_table, BillLineRow._meta.db_table,
                             Hospital._meta.db_table)
    enrolment, certificate = Enrolment._meta.db_table, Certificate._meta.db_table
    in_year = f"SELECT claim_id FROM {claim} WHERE admitted_on BETWEEN %s AND %s"
    persons = f"SELECT DISTINCT person_id FROM {claim} WHERE admitted_on BETWEEN %s AND %s"
    foreign = ", ".join(["%s"] * len(FOREIGN_SCHEMES))
    frames = {
        "claims": read_frame(
            f"SELECT c.claim_id, c.person_id, c.certificate_no, c.hospital_id, h.level,"
            f" h.in_county, h.nonprofit, c.claim_type, c.cause, c.chronic_disease,"
            f" {_days('c.admitted_on')}, {_days('c.discharged_on')},"
            f" {_days('c.emergency_reported_on')}"
            f" FROM {claim} c JOIN {hospital} h ON h.code = c.hospital_id"
            f" WHERE c.admitted_on BETWEEN %s AND %s", [start, end],
            ["claim_id", "person_id", "certificate_no", "hospital_code", "level", "in_county",
             "nonprofit", "claim_type", "cause", "chronic_disease", "admitted_on",
             "discharged_on", "emergency_reported_on"]),
        "lines": read_frame(
            f"SELECT claim_id, line_no, category, CAST(ROUND(quantity * 1000) AS BIGINT),"
            f" unit_price_fen, amount_fen, in_catalogue, {_days('service_date')} FROM {line}"
            f" WHERE claim_id IN ({in_year})", [start, end],
            ["claim_id", "line_no", "category", "quantity_milli", "unit_price_fen",
             "amount_fen", "in_catalogue", "service_date"]),
        "people": read_frame(
            f"SELECT person_id, {_days('birth_date')}, {_days('died_on')}"
            f" FROM {Person._meta.db_table}"
            f" WHERE person_id IN ({persons})", [start, end],
            ["person_id", "birth_date", "died_on"]),
        "enrolments": read_frame(
            f"SELECT e.person_id, e.certificate_id, k.status, e.tier, e.household_id,"
            f" e.veteran_category, {_days('e.enrolled_from')}, {_days('e.enrolled_to')}"
            f" FROM {enrolment} e"
            f" JOIN {certificate} k ON k.number = e.certificate_id"
            f" WHERE e.year = %s AND e.scheme NOT IN ({foreign})"
            f" AND e.person_id IN ({persons}) ORDER BY e.id", [year, *FOREIGN_SCHEMES, start, end],
            ["person_id", "certificate_no", "certificate_status", "tier", "household_id",
             "veteran_category", "enrolled_from", "enrolled_to"]),
        "referrals": pd.DataFrame.from_records(
            [(person, hospital, _day_number(valid_from), _day_number(valid_to))
             for person, hospital, valid_from, valid_to in covering_referrals(start, end)],
            columns=["person_id", "to_hospital", "valid_from", "valid_to"]),
        "cards": read_frame(
            f"SELECT person_id, disease FROM {ChronicDiseaseCard._meta.db_table}"
            f" WHERE year = %s", [year], ["person_id", "disease"]),
    }
    frames["claims"] = _with_emergency_reports(frames["claims"], emergency_dates(start, end))
    return frames


def _with_emergency_reports(claims: pd.DataFrame, emergency: dict) -> pd.DataFrame:
    """The claims frame with each reported admission's emergency date taken from its report
    in ClaimDesk (`_emergency_date`, the per-claim path's rule, on whole columns)."""
    if not emergency or claims.empty:
        return claims
    reports = pd.DataFrame.from_records(
        [(person, hospital, _day_number(admitted), _day_number(reported))
         for (person, hospital, admitted), reported in emergency.items()],
        columns=["person_id", "hospital_code", "admitted_on", "reported"])
    matched = claims[["person_id", "hospital_code", "admitted_on"]].merge(
        reports, how="left", on=["person_id", "hospital_code", "admitted_on"])["reported"]
    has_report = matched.notna().to_numpy()
    return claims.assign(emergency_reported_on=np.where(
        has_report, matched.fillna(NO_DAY).to_numpy(np.int64),
        claims["emergency_reported_on"].to_numpy(np.int64)))


def settle_year(year: int) -> pd.DataFrame:
    """Every claim admitted in `year`, settled by the vectorised path.

    A DataFrame indexed by claim_id, in claim order, with columns eligible_fen,
    deductible_fen, reimbursed_fen, supplement_fen, cap_applied, approval_level, decision,
    reason_codes (';'-joined). Raises ClaimInputError naming the first bad claim.
    """
    policy = load_policy(year)
    return settle_frames(**year_frames(year), balances=household_openings(year), policy=policy)


def store_year(year: int, actor=None) -> pd.DataFrame:
    """Settle the year and replace its stored assessments with the audit row, all or
    nothing (claimdesk.frames.write_staged: one run's audit row, as a row per claim would
    double the work for no reader). Figures only: `explain` recomputes the lines."""
    frame = settle_year(year)
    figures = frame[RESULT_COLUMNS].reset_index()
    entry = audit.unsaved(actor, "benefits.adjudicate_year", ("benefits.PolicyYear", str(year)),
                          changes={"claims": len(frame),
                                   "approved": int((frame.decision == codes.Decision.APPROVED)
                                                   .sum()),
                                   "reimbursed_fen": int(frame.reimbursed_fen.sum()),
                                   "supplement_fen": int(frame.supplement_fen.sum())})
    write_staged(Assessment, figures.sort_values("claim_id"),
                 fixed={"policy_year": year, "explanation": [], "computed_at": timezone.now()},
                 replace={"policy_year": year}, also=[entry])
    return frame


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def adjudication_rows(frame: pd.DataFrame):
    """CONTRACT.md adjudication.csv rows under the CSV_COLUMNS header, money in yuan with two
    decimals."""
    for claim_id, row in zip(frame.index, frame[RESULT_COLUMNS].itertuples(index=False)):
        yield [claim_id, row.decision, row.reason_codes, _yuan(row.eligible_fen),
               _yuan(row.deductible_fen), _yuan(row.reimbursed_fen), _yuan(row.supplement_fen),
               "true" if row.cap_applied else "false", row.approval_level]


def write_adjudication_csv(frame: pd.DataFrame, path) -> int:
    """Write adjudication.csv; returns the number of claims written."""
    return exports.write_csv(path, CSV_COLUMNS, adjudication_rows(frame))
