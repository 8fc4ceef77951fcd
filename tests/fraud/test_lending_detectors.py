"""Certificate lending: each rule fires on a true case and not on its honest look-alike."""
from fraud.detectors import lending
from fraud.detectors.codes import Reason
from tests.fraud.frames import D, claim, frames, reasons


def test_delivery_on_a_64_year_old_womans_certificate_is_impossible():
    found = lending.ImpossibleDiagnosis().fit_detect(frames([
        claim("C1", sex="F", birth_date=D(1961, 1, 1), claim_type="maternity_delivery",
              diagnosis_code="O80"),
        claim("C2", sex="F", birth_date=D(1995, 1, 1), claim_type="maternity_delivery",
              diagnosis_code="O80", person_id="P2", certificate_no="K2"),
    ]))
    assert reasons(found, "C1") == {Reason.IMPOSSIBLE_DIAGNOSIS}
    assert found.loc[found.subject_id == "C1", "params"].item()["age"] == 64
    assert reasons(found, "C2") == set()


def test_prostate_disease_on_a_womans_certificate_is_impossible():
    found = lending.ImpossibleDiagnosis().fit_detect(frames([
        claim("C1", sex="F", diagnosis_code="N40.0"),
        claim("C2", sex="M", diagnosis_code="N40.0")]))
    assert list(found.subject_id) == ["C1"]


def test_lost_certificate_and_care_after_death_fire():
    found = lending.CertificateStatus().fit_detect(frames([
        claim("C1", certificate_status="lost"),
        claim("C2", died_on=D(2025, 2, 1)),
        claim("C3"),
    ]))
    assert reasons(found, "C1") == {Reason.INVALID_CERTIFICATE}
    assert reasons(found, "C2") == {Reason.AFTER_DEATH}
    assert reasons(found, "C3") == set()


def test_overlapping_stays_fire_but_a_same_day_transfer_does_not():
    found = lending.OverlappingStays().fit_detect(frames([
        claim("C1"),
        claim("C2", hospital_code="H1T02", hospital_township="T02",
              admitted_on=D(2025, 3, 3), discharged_on=D(2025, 3, 9)),
        # transfer: discharged from the county hospital and admitted elsewhere the same day
        claim("C3", admitted_on=D(2025, 5, 1), discharged_on=D(2025, 5, 4)),
        claim("C4", hospital_code="H2", hospital_township=None, level=2,
              admitted_on=D(2025, 5, 4), discharged_on=D(2025, 5, 9)),
    ]))
    assert set(found.subject_id) == {"C1", "C2"}
    assert found.set_index("subject_id").loc["C2", "score"] > found.set_index(
        "subject_id").loc["C1", "score"]


def test_same_day_claims_at_two_townships_fire_but_clinic_and_own_centre_do_not():
    found = lending.SameDayDistant().fit_detect(frames([
        claim("C1", claim_type="outpatient", discharged_on=D(2025, 3, 1)),
        claim("C2", claim_type="outpatient", discharged_on=D(2025, 3, 1),
              hospital_code="H1T02", hospital_township="T02"),
        claim("C3", claim_type="outpatient", admitted_on=D(2025, 4, 1),
              discharged_on=D(2025, 4, 1)),
        claim("C4", claim_type="outpatient", admitted_on=D(2025, 4, 1),
              discharged_on=D(2025, 4, 1), hospital_code="V1T01", kind="village_clinic"),
    ]))
    assert set(found.subject_id) == {"C1", "C2"}
