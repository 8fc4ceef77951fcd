"""The detectors' inputs, loaded from the database once per scoring run (fraud.detectors.base).

Plain SQL over a year's rows into DataFrames, as benefits.services.year_frames does: the ORM's
per-row objects would cost more than the scoring itself (bench/fraud.py). Claims of the year
before are loaded too, so a split stay or a dormant card across New Year is seen; scoring keeps
only the year's claims as subjects.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from django.contrib.auth import get_user_model

from benefits import services as benefits
from benefits.models import Assessment
from claimdesk.frames import read_frame
from fraud.detectors.base import (
    CLAIM_COLUMNS, DECISION_COLUMNS, ENROLMENT_COLUMNS, LINE_COLUMNS, RELATION_COLUMNS,
    SETTLEMENT_COLUMNS, STAFF_COLUMNS, Frames, left_join,
)
from registry.models import (
    Certificate, DeclaredRelation, Enrolment, Hospital, Household, Person, StaffProfile,
)
from workflow.models import BillLine, Claim, ReviewDecision


def _text(column: str) -> str:
    """A date selected as ISO text, '' for none (pandas parses a column of text far faster
    than the driver builds a date object per row, and reads '' as NaT; claimdesk.frames
    says why a column must not start with NULLs)."""
    return f"COALESCE(CAST({column} AS TEXT), '')"


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """ISO date text as datetime64, '' as NaT, parsed by Arrow (pandas' own parser makes a
    Python string of every cell first: seconds for the bill lines of a year)."""
    for column in columns:
        text = pa.array(frame[column], type=pa.large_string(), from_pandas=True)
        text = pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)
        parsed = pc.strptime(text, format="%Y-%m-%d", unit="us")
        frame[column] = pd.Series(parsed.to_numpy(zero_copy_only=False), index=frame.index)
    return frame


def window(year: int) -> tuple[dt.date, dt.date]:
    """The claims a year's scoring reads: the year and the one before (see module doc)."""
    return dt.date(year - 1, 1, 1), dt.date(year, 12, 31)


CLAIM_OWN = ["claim_id", "person_id", "certificate_no", "hospital_code", "claim_type",
             "admitted_on", "discharged_on", "diagnosis_code", "emergency_reported_on",
             "entered_by", "total_fen"]


def claims_frame(year: int) -> pd.DataFrame:
    """Claims of the window with their hospital, person and certificate columns; each
    person, hospital and certificate is read once and joined here (by row number,
    base.left_join), not once per claim."""
    start, end = window(year)
    user = get_user_model()._meta.db_table
    claim = Claim._meta.db_table
    in_window = f"SELECT {{}} FROM {claim} WHERE admitted_on BETWEEN %s AND %s"
    claims = read_frame(
        f"SELECT c.claim_id, c.person_id, c.certificate_no, c.hospital_id, c.claim_type,"
        f" {_text('c.admitted_on')}, {_text('c.discharged_on')}, c.diagnosis_code,"
        f" {_text('c.emergency_reported_on')}, COALESCE(u.username, ''), c.total_fen"
        f" FROM {claim} c"
        f" LEFT JOIN {user} u ON u.id = c.entered_by_id"
        f" WHERE c.admitted_on BETWEEN %s AND %s ORDER BY c.claim_id", [start, end], CLAIM_OWN)
    hospitals = read_frame(f"SELECT code, level, kind, township_id, in_county"
                       f" FROM {Hospital._meta.db_table}", [],
                       ["hospital_code", "level", "kind", "hospital_township", "in_county"])
    people = read_frame(
        f"SELECT p.person_id, p.sex, {_text('p.birth_date')}, {_text('p.died_on')},"
        f" p.household_id, hh.township_id, hh.village_id, p.name"
        f" FROM {Person._meta.db_table} p"
        f" JOIN {Household._meta.db_table} hh ON hh.household_id = p.household_id"
        f" WHERE p.person_id IN ({in_window.format('person_id')})", [start, end],
        ["person_id", "sex", "birth_date", "died_on", "household_id", "person_township",
         "person_village", "person_name"])
    # Every certificate, not those the window's claims name: finding these takes a pass
    # over the claims table (no index holds its certificate numbers) that costs ten times
    # reading the certificates, a table the size of the insured population (bench/fraud.py).
    certificates = read_frame(
        f"SELECT number, person_id, status FROM {Certificate._meta.db_table}", [],
        ["certificate_no", "certificate_holder", "certificate_status"])
    claims["entered_by"] = claims["entered_by"].mask(claims["entered_by"] == "")
    frame = left_join(left_join(left_join(claims, hospitals, "hospital_code"), people,
                                "person_id"), certificates, "certificate_no")[CLAIM_COLUMNS]
    frame = _dates(frame, "admitted_on", "discharged_on", "emergency_reported_on",
                   "birth_date", "died_on")
    frame["in_county"] = frame["in_county"].astype(bool)
    frame["total_fen"] = frame["total_fen"].astype("int64")
    frame["level"] = frame["level"].astype("int64")
    return frame


def lines_frame(year: int) -> pd.DataFrame:
    start, end = window(year)
    claim = Claim._meta.db_table
    sql = (f"SELECT claim_id, category, item_code, CAST(ROUND(quantity * 1000) AS BIGINT),"
           f" unit_price_fen, amount_fen, {_text('service_date')}"
           f" FROM {BillLine._meta.db_table} WHERE claim_id IN"
           f" (SELECT claim_id FROM {claim} WHERE admitted_on BETWEEN %s AND %s)")
    return _dates(read_frame(sql, [start, end], LINE_COLUMNS), "service_date")


def settlements_frame(year: int) -> pd.DataFrame:
    """What the calculator allows per claim of the year: the stored assessments when the year
    was adjudicated, else a fresh `settle_year` (issue 7: paid more than the calculator
    allows). A year without policy tables, or with a claim the calculator cannot read, has no
    settlement: the checks that need one find nothing, the others still run."""
    stored = read_frame(
        f"SELECT claim_id, decision, reason_codes, reimbursed_fen + supplement_fen"
        f" FROM {Assessment._meta.db_table} WHERE policy_year = %s", [year],
        SETTLEMENT_COLUMNS)
    if len(stored):
        return stored
    try:
        settled = benefits.settle_year(year)
    except (benefits.PolicyMissing, benefits.ClaimInputError):
        return stored
    return pd.DataFrame({
        "claim_id": settled.index, "decision": settled["decision"].to_numpy(),
        "reason_codes": settled["reason_codes"].to_numpy(),
        "payable_fen": (settled["reimbursed_fen"] + settled["supplement_fen"]).to_numpy()})


def thresholds(year: int) -> tuple[int, ...]:
    """The approval matrix's thresholds in fen (DOMAIN.md approval levels), or none."""
    try:
        policy = benefits.load_policy(year)
    except benefits.PolicyMissing:
        return ()
    return (policy.approval_level2_over_fen, policy.approval_level3_from_fen,
            policy.approval_level4_from_fen)


def decisions_frame(year: int) -> pd.DataFrame:
    start, end = window(year)
    user = get_user_model()._meta.db_table
    sql = (f"SELECT d.claim_id, d.level, u.username, d.decision, d.paid_amount_fen"
           f" FROM {ReviewDecision._meta.db_table} d JOIN {user} u ON u.id = d.decided_by_id"
           f" JOIN {Claim._meta.db_table} c ON c.claim_id = d.claim_id"
           f" WHERE c.admitted_on BETWEEN %s AND %s")
    return read_frame(sql, [start, end], DECISION_COLUMNS)


def staff_frame() -> pd.DataFrame:
    user = get_user_model()._meta.db_table
    sql = (f"SELECT u.username, s.role, s.township_id, s.person_id, s.household_id,"
           f" hh.village_id, p.name FROM {StaffProfile._meta.db_table} s"
           f" JOIN {user} u ON u.id = s.user_id"
           f" LEFT JOIN {Person._meta.db_table} p ON p.person_id = s.person_id"
           f" LEFT JOIN {Household._meta.db_table} hh"
           f" ON hh.household_id = COALESCE(s.household_id, p.household_id)")
    frame = read_frame(sql, [], STAFF_COLUMNS)
    frame["surname"] = frame["surname"].str.slice(0, 1)
    return frame


def relations_frame() -> pd.DataFrame:
    user = get_user_model()._meta.db_table
    return read_frame(f"SELECT u.username, r.person_id, r.relation"
                  f" FROM {DeclaredRelation._meta.db_table} r"
                  f" JOIN {user} u ON u.id = r.user_id", [], RELATION_COLUMNS)


def enrolments_frame(year: int) -> pd.DataFrame:
    sql = (f"SELECT e.person_id, p.name, p.sex, {_text('p.birth_date')}, e.household_id,"
           f" e.township_id, e.village_id, e.scheme, e.tier, e.categories,"
           f" {_text('e.enrolled_from')}, {_text('e.enrolled_to')}"
           f" FROM {Enrolment._meta.db_table} e"
           f" JOIN {Person._meta.db_table} p ON p.person_id = e.person_id WHERE e.year = %s")
    return _dates(read_frame(sql, [year], ENROLMENT_COLUMNS), "birth_date", "enrolled_from",
                  "enrolled_to")


def load(year: int) -> Frames:
    """Every frame the detectors read, for scoring `year`."""
    return Frames(year=year, claims=claims_frame(year), lines=lines_frame(year),
                  settlements=settlements_frame(year), decisions=decisions_frame(year),
                  staff=staff_frame(), relations=relations_frame(),
                  enrolments=enrolments_frame(year), thresholds_fen=thresholds(year))
