"""Contract-file rows for the importer tests: one valid row per kind, changed per test."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from registry import resident_id

NEW_PERSON_ID = resident_id.make("510102", dt.date(1980, 5, 6), 7, "F")


def write_csv(path: Path, rows: list[dict], bom: bool = False) -> Path:
    """Write rows (dicts sharing their keys) as a contract CSV file."""
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def hospital_row(**changes) -> dict:
    return {"hospital_code": "H9", "name": "县中医院", "level": "2", "kind": "county_hospital",
            "nonprofit": "true", "in_county": "yes", "township_code": "", **changes}


def person_row(**changes) -> dict:
    return {"person_id": NEW_PERSON_ID, "name": "赵敏", "sex": "F", "birth_date": "1980-05-06",
            "household_id": "HH9001", "township_code": "T03", "village_code": "T03V01",
            "scheme": "ncms", "year": "2025", "tier": "1", "categories": "dibao;disabled",
            "veteran_category": "", "certificate_no": "C900001", "certificate_status": "valid",
            "enrolled_from": "2025-01-01", "enrolled_to": "2025-12-31",
            "chronic_diseases": "diabetes", "died_on": "", **changes}


def staff_row(**changes) -> dict:
    return {"username": "clerk_t03", "name": "周静", "role": "clerk", "township_code": "T01",
            "hospital_code": "", "person_id": "", "household_id": "", **changes}


def claim_row(person_id: str, **changes) -> dict:
    return {"claim_id": "CL-0001", "person_id": person_id, "certificate_no": "C000001",
            "hospital_code": "H2", "claim_type": "inpatient", "admitted_on": "2025-03-01",
            "discharged_on": "2025-03-05", "diagnosis_code": "J18.9", "chronic_disease": "",
            "cause": "illness", "referral_no": "", "emergency_reported_on": "",
            "submitted_on": "2025-03-10", "entered_by": "clerk_t01", **changes}


def bill_line_row(**changes) -> dict:
    return {"claim_id": "CL-0001", "line_no": "1", "category": "drug", "item_code": "D001",
            "description": "阿莫西林", "quantity": "3", "unit_price": "12.5",
            "amount": "37.50", "in_catalogue": "true", "service_date": "2025-03-02", **changes}


def snapshot(*models) -> dict:
    """Every row of these models as plain values, to compare the database before and after."""
    return {model._meta.label: sorted(map(repr, model.objects.order_by().values_list()))
            for model in models}


def import_rows(tmp_path: Path, kind: str, rows: list[dict], actor=None):
    """Write `rows` as `<kind>.csv` and import it in English (the reasons tests read);
    return the ImportRun."""
    from django.utils import translation

    from registry import services

    with translation.override("en"):
        return services.import_file(write_csv(tmp_path / f"{kind}.csv", rows), kind,
                                    actor=actor)
