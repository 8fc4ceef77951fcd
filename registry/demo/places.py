"""Townships and their villages (people.csv township/village columns)."""
from __future__ import annotations

import random

from registry.demo.names import TOWNSHIP_NAMES, VILLAGE_NAMES
from registry.demo.records import Township, Village

TOWNSHIPS = 6
# The county's administrative area code: the first six digits of every local resident ID.
COUNTY_AREA_CODE = "511623"
# Townships far from the county seat: a certificate used there and at the seat on one
# day is a sign of lending (DOMAIN.md: certificate lending).
REMOTE_TOWNSHIPS = ("T05", "T06")


def make_townships(rng: random.Random) -> list[Township]:
    """Six townships of 4 to 6 villages; T01 is the county seat (城关镇)."""
    villages = list(VILLAGE_NAMES)
    rng.shuffle(villages)
    townships = []
    for n, name in enumerate(TOWNSHIP_NAMES[:TOWNSHIPS], start=1):
        code = f"T{n:02d}"
        township = Township(code=code, name=name, remote=code in REMOTE_TOWNSHIPS)
        for v in range(1, rng.randint(4, 6) + 1):
            township.villages.append(Village(code=f"{code}V{v:02d}", name=villages.pop(),
                                             township=township))
        townships.append(township)
    return townships
