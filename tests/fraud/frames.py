"""Small hand-built frames for the pure detector tests (columns of fraud.detectors.base)."""
import datetime as dt

import pandas as pd

from fraud.detectors.base import CLAIM_COLUMNS, Frames

D = dt.date


def claim(claim_id, **values) -> dict:
    row = {c: None for c in CLAIM_COLUMNS}
    row.update(claim_id=claim_id, person_id="P1", certificate_no="K1", hospital_code="H1T01",
               level=1, kind="township_health_centre", hospital_township="T01", in_county=True,
               claim_type="inpatient", admitted_on=D(2025, 3, 1), discharged_on=D(2025, 3, 6),
               diagnosis_code="J18.9", emergency_reported_on=None, entered_by="clerk_t01",
               total_fen=300000, sex="M",
               birth_date=D(1970, 1, 1), died_on=None, household_id="HH1",
               person_township="T01", person_village="T01V01", person_name="张伟",
               certificate_holder="P1", certificate_status="valid")
    row.update(values)
    return row


def frames(claims, year=2025, **others) -> Frames:
    frame = pd.DataFrame(claims, columns=CLAIM_COLUMNS)
    return Frames(year=year, claims=frame, **{k: pd.DataFrame(v) for k, v in others.items()
                                              if k != "thresholds_fen"},
                  thresholds_fen=others.get("thresholds_fen", ()))


def line(claim_id, category, item_code, quantity, unit_price_fen, day, **values) -> dict:
    row = dict(claim_id=claim_id, category=category, item_code=item_code,
               quantity_milli=int(quantity * 1000), unit_price_fen=unit_price_fen,
               amount_fen=int(quantity * unit_price_fen), service_date=day)
    row.update(values)
    return row


def reasons(found, subject_id) -> set[str]:
    return set(found[found["subject_id"] == subject_id]["reason"])
