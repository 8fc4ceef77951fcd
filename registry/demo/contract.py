"""Writing the demo county as CONTRACT.md files, byte for byte the same for the same seed.

The ground truth goes to `ground_truth/truth.csv`, a subdirectory the importer ignores:
it is never one of the contract files.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from claimdesk import exports
from registry.demo.records import DemoCounty

TRUTH_PATH = Path("ground_truth") / "truth.csv"
CONTRACT_FILES = ("hospitals.csv", "people.csv", "staff.csv", "relations.csv", "referrals.csv",
                  "claims.csv", "bill_lines.csv", "decisions.csv")


def yuan(fen: int) -> str:
    """Money in yuan with two decimals, from integer fen (CONTRACT.md: money in yuan)."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, header: tuple[str, ...], rows) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    return exports.write_csv(path, header, ([text(value) for value in row] for row in rows),
                             lineterminator="\n")


def hospital_rows(county: DemoCounty):
    for h in county.hospitals:
        yield (h.code, h.name, h.level, h.kind, h.nonprofit, h.in_county,
               h.township.code if h.township else "")


def people_rows(county: DemoCounty):
    for p in county.people:
        village = p.household.village
        for e in p.enrolments:
            yield (p.person_id, p.name, p.sex, p.birth_date, p.household.household_id,
                   village.township.code, village.township.name, village.code, village.name,
                   e.scheme, county.year, e.tier, ";".join(e.categories), e.veteran_category,
                   e.certificate_no, e.certificate_status, e.enrolled_from, e.enrolled_to,
                   ";".join(p.chronic_diseases), p.died_on)


def staff_rows(county: DemoCounty):
    for s in county.staff:
        yield (s.username, s.name, s.role, s.township.code if s.township else "",
               s.hospital.code if s.hospital else "", s.person.person_id if s.person else "",
               s.household.household_id if s.household else "")


def referral_rows(county: DemoCounty):
    for r in county.referrals:
        yield (r.referral_no, r.person.person_id, r.from_hospital.code, r.to_hospital.code,
               r.diagnosis_code, r.status, r.valid_from, r.valid_to)


def claim_rows(county: DemoCounty):
    for c in county.claims:
        yield (c.claim_id, c.person.person_id, c.certificate_no, c.hospital.code, c.claim_type,
               c.admitted_on, c.discharged_on, c.diagnosis_code, c.chronic_disease, c.cause,
               c.referral.referral_no if c.referral else "", c.emergency_reported_on,
               c.submitted_on, c.entered_by.username if c.entered_by else "")


def bill_line_rows(county: DemoCounty):
    for c in county.claims:
        for n, line in enumerate(c.lines, start=1):
            yield (c.claim_id, n, line.category, line.item_code, line.description, line.quantity,
                   yuan(line.unit_price_fen), yuan(line.amount_fen), line.in_catalogue,
                   line.service_date)


def decision_rows(county: DemoCounty):
    for d in county.decisions:
        yield (d.claim.claim_id, d.level, d.decided_by.username, d.decision, d.decided_at,
               yuan(d.paid_amount_fen) if d.paid_amount_fen is not None else "")


def truth_rows(county: DemoCounty):
    ids = {"claim": lambda c: c.claim_id, "person": lambda p: p.person_id,
           "hospital": lambda h: h.code, "reviewer": lambda s: s.username}
    for t in county.truth:
        related = ";".join(p.person_id for p in t.related)
        yield (t.subject_type, ids[t.subject_type](t.subject), t.scheme, t.mechanism,
               t.strength, t.note, related)


FILES = {
    "hospitals.csv": (("hospital_code", "name", "level", "kind", "nonprofit", "in_county",
                       "township_code"), hospital_rows),
    "people.csv": (("person_id", "name", "sex", "birth_date", "household_id", "township_code",
                    "township_name", "village_code", "village_name", "scheme", "year", "tier",
                    "categories", "veteran_category", "certificate_no", "certificate_status",
                    "enrolled_from", "enrolled_to", "chronic_diseases", "died_on"), people_rows),
    "staff.csv": (("username", "name", "role", "township_code", "hospital_code", "person_id",
                   "household_id"), staff_rows),
    "relations.csv": (("username", "person_id", "relation"),
                      lambda county: ((r.staff.username, r.person.person_id, r.relation)
                                      for r in county.relations)),
    "referrals.csv": (("referral_no", "person_id", "from_hospital_code", "to_hospital_code",
                       "diagnosis_code", "status", "valid_from", "valid_to"), referral_rows),
    "claims.csv": (("claim_id", "person_id", "certificate_no", "hospital_code", "claim_type",
                    "admitted_on", "discharged_on", "diagnosis_code", "chronic_disease", "cause",
                    "referral_no", "emergency_reported_on", "submitted_on", "entered_by"),
                   claim_rows),
    "bill_lines.csv": (("claim_id", "line_no", "category", "item_code", "description",
                        "quantity", "unit_price", "amount", "in_catalogue", "service_date"),
                       bill_line_rows),
    "decisions.csv": (("claim_id", "level", "decided_by", "decision", "decided_at",
                       "paid_amount"), decision_rows),
}
TRUTH_HEADER = ("subject_type", "subject_id", "scheme", "mechanism", "strength", "note",
                "related_person_ids")


def write(county: DemoCounty, directory: Path, names=CONTRACT_FILES) -> dict[str, int]:
    """Write the named contract files and the ground truth; return rows written per file."""
    counts = {}
    for name in names:
        header, rows = FILES[name]
        counts[name] = write_csv(directory / name, header, rows(county))
    write_csv(directory / TRUTH_PATH, TRUTH_HEADER, truth_rows(county))
    return counts
