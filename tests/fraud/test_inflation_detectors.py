"""Inflated bills: each rule fires on a padded bill and not on its honest look-alike."""
from fraud.detectors import inflation
from fraud.detectors.codes import Reason
from tests.fraud.frames import D, claim, frames, line, reasons


def test_bed_days_beyond_the_stay_fire_with_the_excess_at_risk():
    found = inflation.BedDaysBeyondStay().fit_detect(frames(
        [claim("C1"), claim("C2")],
        lines=[line("C1", "bed", "CW1", 9, 2000, D(2025, 3, 1)),
               line("C2", "bed", "CW1", 6, 2000, D(2025, 3, 1))]))
    assert list(found.subject_id) == ["C1"]
    assert found.amount_fen.item() == 3 * 2000  # 9 billed, 6 days counting both ends


def test_a_bed_billed_twice_on_one_day_is_a_duplicate_line():
    found = inflation.DuplicateLines().fit_detect(frames(
        [claim("C1")],
        lines=[line("C1", "bed", "CW1", 1, 2000, D(2025, 3, 2)),
               line("C1", "bed", "CW1", 1, 2000, D(2025, 3, 2)),
               line("C1", "bed", "CW1", 1, 2000, D(2025, 3, 3))]))
    assert reasons(found, "C1") == {Reason.DUPLICATE_LINES}
    assert found.amount_fen.item() == 2000


def test_split_readmission_fires_but_emergency_and_dialysis_readmissions_do_not():
    found = inflation.SplitReadmission().fit_detect(frames([
        claim("C1", discharged_on=D(2025, 3, 4)),
        claim("C2", admitted_on=D(2025, 3, 8), discharged_on=D(2025, 3, 11)),
        # emergency readmission, reported as such
        claim("C3", person_id="P2", certificate_no="K2", discharged_on=D(2025, 3, 4)),
        claim("C4", person_id="P2", certificate_no="K2", admitted_on=D(2025, 3, 8),
              discharged_on=D(2025, 3, 11), emergency_reported_on=D(2025, 3, 9)),
        # dialysis patient: planned repeated stays
        claim("C5", person_id="P3", certificate_no="K3", diagnosis_code="Z49.1",
              discharged_on=D(2025, 3, 4)),
        claim("C6", person_id="P3", certificate_no="K3", diagnosis_code="Z49.1",
              admitted_on=D(2025, 3, 8), discharged_on=D(2025, 3, 11)),
    ]))
    assert set(found.subject_id) == {"C1", "C2"}
    assert set(found.reason) == {Reason.SPLIT_READMISSION}


def _priced_claims():
    """Five township health centres and a county hospital billing the same two items."""
    claims, lines = [], []
    n = 0
    for hospital, level, kind, price in [("H1", 1, "township_health_centre", 1000),
                                         ("H2", 1, "township_health_centre", 1000),
                                         ("H3", 1, "township_health_centre", 1050),
                                         ("H4", 1, "township_health_centre", 950),
                                         ("HPAD", 1, "township_health_centre", 2200),
                                         ("HCOUNTY", 2, "county_hospital", 2500)]:
        for _ in range(40):
            n += 1
            claims.append(claim(f"C{n}", hospital_code=hospital, level=level, kind=kind))
            lines.append(line(f"C{n}", "exam", "JC1", 1, price, D(2025, 3, 2)))
    return frames(claims, lines=lines)


def test_padded_prices_fire_but_a_county_hospitals_higher_prices_do_not():
    found = inflation.HospitalPaddedCosts(min_hospitals=3).fit_detect(_priced_claims())
    assert list(found.subject_id) == ["HPAD"]
    assert found.params.item()["percent"] == 220
