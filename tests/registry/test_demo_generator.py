"""The demo county generator (registry.demo): deterministic, valid, every role and scheme.

Pure: no database. The files are read back as CSV, as the importer and users see them.
"""
import csv
import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest

from registry import demo, resident_id
from registry.choices import Role
from registry.demo import contract

SMALL = 300
SCHEMES = {"certificate_lending", "inflated_bill", "favour_reimbursement", "duplicate_enrolment"}
CLAIM_MECHANISMS = {
    "certificate_lending": {"invalid_certificate_used", "use_after_death", "impossible_diagnosis",
                            "overlapping_stays", "same_day_distant", "dormant_card_sudden_use",
                            "many_cards_one_hospital"},
    "inflated_bill": {"padded_costs", "bed_days_beyond_stay", "duplicate_lines",
                      "bed_and_drugs_only", "split_readmission", "out_of_proportion_hospital"},
    "favour_reimbursement": {"bunched_under_threshold", "split_claims"},
    "duplicate_enrolment": {"same_id_two_schemes", "same_person_two_ids",
                            "subsidised_counted_twice"},
}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    directory = tmp_path_factory.mktemp("demo")
    contract.write(demo.generate(people=SMALL, seed=7, year=2025), directory)
    return directory


def rows(directory, name):
    with open(directory / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def injected(directory, *mechanisms):
    return {t["subject_id"] for t in rows(directory, contract.TRUTH_PATH)
            if t["mechanism"] in mechanisms}


def test_same_seed_gives_identical_files(files, tmp_path):
    contract.write(demo.generate(people=SMALL, seed=7, year=2025), tmp_path)
    written = sorted(p.relative_to(files) for p in files.rglob("*.csv"))
    assert written == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.csv"))
    for path in written:
        assert (files / path).read_bytes() == (tmp_path / path).read_bytes(), path


def test_another_seed_gives_another_county(files, tmp_path):
    contract.write(demo.generate(people=SMALL, seed=8, year=2025), tmp_path)
    assert (files / "people.csv").read_bytes() != (tmp_path / "people.csv").read_bytes()


def test_every_resident_id_is_valid_and_agrees_with_sex_and_birth_date(files):
    people = rows(files, "people.csv")
    assert len({p["person_id"] for p in people}) >= SMALL
    for person in people:
        parsed = resident_id.parse(person["person_id"])
        assert parsed.sex == person["sex"]
        assert parsed.birth_date.isoformat() == person["birth_date"]


def test_households_have_one_to_six_members_in_one_village(files):
    members = defaultdict(set)
    villages = defaultdict(set)
    for person in rows(files, "people.csv"):
        members[person["household_id"]].add(person["person_id"])
        villages[person["household_id"]].add(person["village_code"])
        assert person["village_code"].startswith(person["township_code"])
        assert person["township_name"] and person["village_name"]
    assert {len(m) for m in members.values()} <= set(range(1, 7))
    assert all(len(v) == 1 for v in villages.values())


@pytest.fixture(scope="module")
def larger_county():
    """Rare things (compound surnames, special outpatient care) need a few thousand people."""
    return demo.generate(people=3000, seed=7, year=2025)


def test_names_include_compound_surnames_and_one_character_given_names(larger_county):
    names = [p.name for p in larger_county.people]
    assert any(name[:2] in ("欧阳", "司马", "诸葛", "上官") for name in names)
    assert any(len(name) == 2 for name in names) and any(len(name) == 3 for name in names)


def test_bill_amounts_are_quantity_times_unit_price_to_the_fen(files):
    for line in rows(files, "bill_lines.csv"):
        assert Decimal(line["quantity"]) * Decimal(line["unit_price"]) == Decimal(line["amount"])
        assert len(line["amount"].split(".")[1]) == 2


def test_bill_lines_fall_within_their_claim_and_claims_are_filed_after_discharge(files):
    claims = {c["claim_id"]: c for c in rows(files, "claims.csv")}
    for line in rows(files, "bill_lines.csv"):
        claim = claims[line["claim_id"]]
        assert claim["admitted_on"] <= line["service_date"] <= claim["discharged_on"]
    for claim in claims.values():
        assert claim["admitted_on"] <= claim["discharged_on"] < claim["submitted_on"]


def test_bed_days_match_the_stay_unless_injected(files):
    claims = {c["claim_id"]: c for c in rows(files, "claims.csv")}
    padded = injected(files, "bed_days_beyond_stay")
    beyond = set()
    for line in rows(files, "bill_lines.csv"):
        if line["category"] == "bed":
            claim = claims[line["claim_id"]]
            stay = (dt.date.fromisoformat(claim["discharged_on"])
                    - dt.date.fromisoformat(claim["admitted_on"])).days
            if int(line["quantity"]) > max(stay, 1):
                beyond.add(claim["claim_id"])
    assert beyond == padded and padded


def test_claims_are_entered_by_clerks_of_the_claimants_township(files):
    township_of = {p["person_id"]: p["township_code"] for p in rows(files, "people.csv")}
    clerks = {s["username"]: s["township_code"] for s in rows(files, "staff.csv")
              if s["role"] == "clerk"}
    entered = [c for c in rows(files, "claims.csv") if c["entered_by"]]
    assert entered
    for claim in entered:
        assert clerks[claim["entered_by"]] == township_of[claim["person_id"]]


def test_sex_specific_diagnoses_fit_unless_injected(files):
    sex_of = {p["person_id"]: p["sex"] for p in rows(files, "people.csv")}
    misfits = {c["claim_id"] for c in rows(files, "claims.csv")
               if (c["diagnosis_code"] in ("O80", "O82", "Z34.9", "N81.2")
                   and sex_of[c["person_id"]] == "M")
               or (c["diagnosis_code"] == "N40" and sex_of[c["person_id"]] == "F")}
    assert misfits <= injected(files, "impossible_diagnosis")


def test_every_claim_type_and_referral_status_appears(files, larger_county):
    assert {c.claim_type for c in larger_county.claims} == {
        "outpatient", "inpatient", "chronic", "special_outpatient", "maternity_prenatal",
        "maternity_delivery"}
    assert {r["status"] for r in rows(files, "referrals.csv")} == {
        "approved", "rejected", "expired", "requested"}


def test_hospitals_of_every_kind_and_level(files):
    hospitals = rows(files, "hospitals.csv")
    assert {h["kind"] for h in hospitals} == {
        "village_clinic", "township_health_centre", "county_hospital", "city_hospital",
        "provincial_hospital", "other"}
    assert {h["level"] for h in hospitals} == {"1", "2", "3"}
    assert any(h["nonprofit"] == "false" for h in hospitals)
    assert any(h["in_county"] == "false" for h in hospitals)


def test_every_role_is_present_with_a_clerk_and_leader_per_township(files):
    staff = rows(files, "staff.csv")
    assert {s["role"] for s in staff} == set(Role.values)
    townships = {p["township_code"] for p in rows(files, "people.csv")}
    for role in ("clerk", "township_leader"):
        assert {s["township_code"] for s in staff if s["role"] == role} == townships
    people = {p["person_id"] for p in rows(files, "people.csv")}
    related = {r["person_id"] for r in rows(files, "relations.csv")}
    assert related and related <= people
    assert any(s["person_id"] in people for s in staff)


def test_every_fraud_scheme_and_mechanism_is_in_the_ground_truth(files):
    truth = rows(files, contract.TRUTH_PATH)
    assert {t["scheme"] for t in truth} == SCHEMES
    for scheme, mechanisms in CLAIM_MECHANISMS.items():
        assert mechanisms <= {t["mechanism"] for t in truth if t["scheme"] == scheme}
    assert {t["strength"] for t in truth} == {"blatant", "moderate", "subtle"}
    claims = {c["claim_id"] for c in rows(files, "claims.csv")}
    assert {t["subject_id"] for t in truth if t["subject_type"] == "claim"} <= claims


def test_the_ground_truth_is_never_among_the_contract_files(files):
    top_level = {p.name for p in files.iterdir() if p.is_file()}
    assert top_level == set(contract.CONTRACT_FILES)
    truth_columns = {"subject_type", "mechanism", "strength"}
    for name in top_level:
        with open(files / name, encoding="utf-8") as handle:
            assert not truth_columns & set(handle.readline().strip().split(","))
    assert (files / contract.TRUTH_PATH).parent.name == "ground_truth"


def test_duplicate_enrolments_are_in_the_roster(files):
    people = rows(files, "people.csv")
    schemes = defaultdict(set)
    identities = defaultdict(set)
    for person in people:
        schemes[person["person_id"]].add(person["scheme"])
        identities[(person["name"], person["birth_date"], person["sex"])].add(person["person_id"])
    for person_id in injected(files, "same_id_two_schemes", "subsidised_counted_twice"):
        assert len(schemes[person_id]) == 2
    twins = injected(files, "same_person_two_ids")
    assert twins and all(any(person_id in ids and len(ids) == 2 for ids in identities.values())
                         for person_id in twins)


def test_too_small_a_county_is_refused():
    with pytest.raises(ValueError):
        demo.generate(people=demo.MIN_PEOPLE - 1)
