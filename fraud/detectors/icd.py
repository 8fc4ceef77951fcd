"""Diagnoses that only fit some holders (DOMAIN.md certificate lending: sex- or age-impossible
diagnosis). ICD-10 chapters and blocks, compared on the three-character category."""
from __future__ import annotations

import numpy as np
import pandas as pd

MAX_AGE = 200

# (first category, last category, sex who can have it or None, min age, max age, label key)
RESTRICTED = [
    ("O00", "O9A", "F", 12, 55, "pregnancy"),        # pregnancy, childbirth, puerperium
    ("Z32", "Z37", "F", 12, 55, "pregnancy"),        # pregnancy care, outcome of delivery
    ("Z39", "Z39", "F", 12, 55, "pregnancy"),        # postpartum care
    ("C51", "C58", "F", 0, MAX_AGE, "female_genital"),
    ("D25", "D28", "F", 0, MAX_AGE, "female_genital"),
    ("N70", "N98", "F", 0, MAX_AGE, "female_genital"),
    ("C60", "C63", "M", 0, MAX_AGE, "male_genital"),  # incl. C61 prostate
    ("N40", "N51", "M", 0, MAX_AGE, "male_genital"),  # incl. N40-N42 prostate
    ("P00", "P96", None, 0, 1, "perinatal"),          # conditions of the perinatal period
]
# Claim types that carry their own restriction (maternity care, DOMAIN.md claim types).
RESTRICTED_CLAIM_TYPES = {"maternity_delivery": ("F", 12, 55, "pregnancy"),
                          "maternity_prenatal": ("F", 12, 55, "pregnancy")}


def age_in_years(birth: pd.Series, on: pd.Series) -> np.ndarray:
    birth, on = pd.to_datetime(birth), pd.to_datetime(on)
    years = on.dt.year - birth.dt.year
    before_birthday = (on.dt.month < birth.dt.month) | (
        (on.dt.month == birth.dt.month) & (on.dt.day < birth.dt.day))
    return (years - before_birthday.astype(int)).to_numpy()


def impossible(claims: pd.DataFrame) -> pd.DataFrame:
    """Rows of `claims` whose diagnosis or maternity type does not fit the holder's sex or
    age, with columns `age` and `label` (the first restriction broken). Ages and labels are
    worked out only for the claims some restriction applies to, not for every claim."""
    category = claims["diagnosis_code"].fillna("").str.upper().str.slice(0, 3)
    rules = [(category.between(first, last), sex, low, high, key)
             for first, last, sex, low, high, key in RESTRICTED]
    rules += [(claims["claim_type"] == claim_type, sex, low, high, key)
              for claim_type, (sex, low, high, key) in RESTRICTED_CLAIM_TYPES.items()]
    restricted = np.logical_or.reduce([np.asarray(rule[0], dtype=bool) for rule in rules])
    claims = claims[restricted]
    rules = [(applies[restricted], *rest) for applies, *rest in rules]
    age = age_in_years(claims["birth_date"], claims["admitted_on"])
    label = pd.Series(pd.NA, index=claims.index, dtype=object)
    for applies, sex, low, high, key in rules:
        broken = applies & ((age < low) | (age > high))
        if sex:
            broken |= applies & (claims["sex"] != sex)
        label = label.mask(broken & label.isna(), key)
    hit = label.notna()
    out = claims.loc[hit].copy()
    out["age"] = age[hit.to_numpy()]
    out["label"] = label[hit]
    return out
