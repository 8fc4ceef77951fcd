"""The review history (CONTRACT.md decisions.csv), written from the fund's own settlement.

What the fund owes and which level must approve come from the benefits calculator
(`Settlement` rows); this module only decides who signed and when, following the
approval matrix and the four-eyes rule of DOMAIN.md (approval levels for claims):
level 1 a clerk of the claimant's township who did not enter the claim, level 2 the
township leader, level 3 a county director, level 4 a committee member, never someone
of the claimant's household or with a declared relation to them. Injected favours
(`Claim.favour`) are the exceptions, and their ground truth is written here.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from registry.demo.contract import yuan
from registry.demo.records import Claim, Decision, DemoCounty, Staff, Truth

SCHEME = "favour_reimbursement"
LEVEL_ROLES = {1: "clerk", 2: "township_leader", 3: "county_director", 4: "committee"}
PENDING_AFTER = (12, 20)  # month, day: claims submitted later are still awaiting review
HUMAN_REJECTION_RATE = 0.015
RETURN_RATE = 0.01


@dataclass(frozen=True)
class Settlement:
    """What the benefits calculator says about one claim."""

    reimbursed_fen: int
    supplement_fen: int
    approval_level: int
    decision: str

    @property
    def payable_fen(self) -> int:
        return self.reimbursed_fen + self.supplement_fen


class Reviewers:
    """Who may sign a claim at a level: right role and township, no conflict of interest."""

    def __init__(self, county: DemoCounty):
        self.county = county
        self.related = {(r.staff.username, r.person.person_id) for r in county.relations}
        self.townships = county.townships

    def conflicted(self, staff: Staff, claim: Claim) -> bool:
        person = claim.person
        return (staff is claim.entered_by or staff.person is person
                or staff.household is person.household
                or (staff.username, person.person_id) in self.related)

    def for_level(self, level: int, claim: Claim, rng: random.Random) -> Staff:
        """Own township first (levels 1-2), then the next townships in turn."""
        role = LEVEL_ROLES[level]
        if level <= 2:
            start = self.townships.index(claim.person.township)
            order = self.townships[start:] + self.townships[:start]
            for township in order:
                free = [s for s in self.county.staff_of(role, township)
                        if not self.conflicted(s, claim)]
                if free:
                    return rng.choice(free)
        free = [s for s in self.county.staff_of(role) if not self.conflicted(s, claim)]
        return rng.choice(free)


def decided_at(rng: random.Random, claim: Claim, level: int) -> dt.datetime:
    """Office hours, a day per level after submission, so the levels sign in order and the
    last within 7 days (DOMAIN.md: claims over 1,000 are paid within 7 days)."""
    day = claim.submitted_on + dt.timedelta(days=level)
    return dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))))


def favour_applies(claim: Claim, settled: Settlement) -> bool:
    favour = claim.favour
    if favour is None:
        return False
    if favour.pay_despite_rejection:
        return settled.decision == "rejected"
    level = next(lvl for lvl, role in LEVEL_ROLES.items() if role == favour.reviewer.role)
    return settled.decision == "approved" and settled.approval_level >= level


def claim_decisions(rng: random.Random, reviewers: Reviewers, claim: Claim,
                    settled: Settlement) -> list[Decision]:
    favour = claim.favour if favour_applies(claim, settled) else None
    if favour and favour.pay_despite_rejection:
        paid = claim.total_fen // 2 // 100 * 100
        return [Decision(claim, 1, favour.reviewer, "approved", decided_at(rng, claim, 1), paid)]
    if settled.decision != "approved" or settled.approval_level == 0:
        return []  # automatic rejection or automatic payment: no person signs
    rows, top = [], settled.approval_level
    for level in range(1, top + 1):
        signer = reviewers.for_level(level, claim, rng)
        if favour and favour.reviewer.role == LEVEL_ROLES[level]:
            signer = favour.reviewer
        at = decided_at(rng, claim, level)
        if not favour and level == 1 and rng.random() < RETURN_RATE:
            return rows + [Decision(claim, level, signer, "returned", at, None)]
        if not favour and level == top and rng.random() < HUMAN_REJECTION_RATE:
            return rows + [Decision(claim, level, signer, "rejected", at, None)]
        paid = None
        if level == top:
            extra = settled.payable_fen * favour.overpay_percent // 100 if favour else 0
            paid = settled.payable_fen + extra
        rows.append(Decision(claim, level, signer, "approved", at, paid))
    return rows


def build(county: DemoCounty, settlements: dict[str, Settlement], rng: random.Random) -> None:
    """Fill `county.decisions` and add the ground truth of the favours that happened."""
    reviewers = Reviewers(county)
    pending_from = dt.date(county.year, *PENDING_AFTER)
    favoured: dict[tuple[str, str], list[Claim]] = {}
    for claim in sorted(county.claims, key=lambda c: c.claim_id):
        settled = settlements.get(claim.claim_id)
        if settled is None or claim.submitted_on > pending_from:
            continue
        rows = claim_decisions(rng, reviewers, claim, settled)
        county.decisions.extend(rows)
        if rows and favour_applies(claim, settled):
            favour = claim.favour
            county.truth.append(Truth(claim, SCHEME, favour.mechanism, favour.strength,
                                      favour_note(claim, settled)))
            favoured.setdefault((favour.reviewer.username, favour.mechanism), []).append(claim)
    for (username, mechanism), claims in sorted(favoured.items()):
        reviewer = next(s for s in county.staff if s.username == username)
        strength = claims[0].favour.strength
        county.truth.append(Truth(reviewer, SCHEME, mechanism, strength,
                                  f"approved {len(claims)} such claims"))


def favour_note(claim: Claim, settled: Settlement) -> str:
    favour = claim.favour
    if favour.pay_despite_rejection:
        return f"approved and paid by {favour.reviewer.username} although the fund rejects it"
    if favour.overpay_percent:
        return f"paid {favour.overpay_percent}% more than the {yuan(settled.payable_fen)} yuan owed"
    if favour.mechanism == "concentrated_approvals":
        return f"one of a few claimants whose claims {favour.reviewer.username} approves"
    return f"approved by {favour.reviewer.username}, who is related to the claimant"
