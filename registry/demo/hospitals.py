"""Hospitals of every kind and level (CONTRACT.md hospitals.csv; DOMAIN.md hospital levels)."""
from __future__ import annotations

import random

from registry.demo.records import Hospital, Township

# (code, name, level, kind, nonprofit, in_county, tcm)
COUNTY_AND_BEYOND = (
    ("H2001", "县人民医院", 2, "county_hospital", True, True, False),
    ("H2002", "县中医医院", 2, "county_hospital", True, True, True),
    ("H2003", "县妇幼保健院", 2, "county_hospital", True, True, False),
    ("H2901", "仁爱医院", 2, "other", False, True, False),  # for-profit private hospital
    ("H2801", "邻县人民医院", 2, "county_hospital", True, False, False),
    ("H3001", "市第一人民医院", 3, "city_hospital", True, False, False),
    ("H3002", "市中医医院", 3, "city_hospital", True, False, True),
    ("H3101", "省人民医院", 3, "provincial_hospital", True, False, False),
    ("H3102", "省肿瘤医院", 3, "provincial_hospital", True, False, False),
)


def make_hospitals(rng: random.Random, townships: list[Township]) -> list[Hospital]:
    """A health centre per township, one or two village clinics each, then the rest."""
    hospitals = []
    for township in townships:
        number = township.code[1:]
        hospitals.append(Hospital(
            code=f"H1{number}00", name=f"{township.name}卫生院", level=1,
            kind="township_health_centre", nonprofit=True, in_county=True, township=township))
        for n, village in enumerate(township.villages[:rng.randint(1, 2)], start=1):
            hospitals.append(Hospital(
                code=f"H1{number}{n:02d}", name=f"{village.name}卫生室", level=1,
                kind="village_clinic", nonprofit=True, in_county=True, township=township))
    for code, name, level, kind, nonprofit, in_county, tcm in COUNTY_AND_BEYOND:
        hospitals.append(Hospital(code=code, name=name, level=level, kind=kind,
                                  nonprofit=nonprofit, in_county=in_county, tcm=tcm))
    return hospitals
