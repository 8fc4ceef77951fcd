"""Duplicate enrolment: true duplicates fire; a scheme transfer and twins do not."""
from fraud.detectors.codes import Reason
from fraud.detectors.enrolment import DuplicateEnrolment
from fraud.detectors.names import pinyin_keys
from tests.fraud.frames import D, claim, frames, reasons


def _enrolment(person_id, name="张伟", scheme="ncms", household="HH1", categories="",
               start=D(2025, 1, 1), end=D(2025, 12, 31), birth=D(1970, 1, 1), sex="M"):
    return dict(person_id=person_id, name=name, sex=sex, birth_date=birth,
                household_id=household, township_code="T01", village_code="T01V01",
                scheme=scheme, tier=1, categories=categories, enrolled_from=start,
                enrolled_to=end)


def _detect(enrolments):
    return DuplicateEnrolment(name_key=pinyin_keys).fit_detect(
        frames([claim("C1")], enrolments=enrolments))


def test_same_id_in_two_schemes_fires_with_the_subsidy_wasted():
    found = _detect([_enrolment("P1"), _enrolment("P1", scheme="urban_employee")])
    assert reasons(found, "P1") == {Reason.SAME_ID_TWO_ENROLMENTS}
    assert found.amount_fen.max() == 8000


def test_a_scheme_transfer_without_overlap_does_not_fire():
    found = _detect([_enrolment("P1", end=D(2025, 6, 30)),
                     _enrolment("P1", scheme="urban_rural_resident", start=D(2025, 7, 1))])
    assert found.empty


def test_subsidised_twice_costs_the_individual_share_too():
    found = _detect([_enrolment("P1", categories="wubao"),
                     _enrolment("P1", scheme="urban_resident", categories="wubao")])
    assert Reason.SUBSIDISED_TWICE in reasons(found, "P1")
    assert found.amount_fen.max() == 8000 + 2000


def test_same_person_under_two_ids_fires_by_name_and_by_pinyin():
    found = _detect([_enrolment("P1"), _enrolment("P2", household="HH7"),
                     _enrolment("P3", name="李娜", sex="F"),
                     _enrolment("P4", name="李纳", sex="F", household="HH5")])
    assert reasons(found, "P2") == {Reason.SAME_PERSON_TWO_IDS}
    assert reasons(found, "P4") == {Reason.SAME_PERSON_TWO_IDS}
    assert found.set_index("subject_id").loc["P4", "score"] < found.set_index(
        "subject_id").loc["P2", "score"]


def test_twins_with_names_alike_in_pinyin_do_not_fire():
    found = _detect([_enrolment("P1", name="张伟"), _enrolment("P2", name="张玮")])
    assert found.empty
