"""The demo county in memory: plain records that the generator builds and the writer exports.

Records point at each other (a claim at its person and hospital, a truth row at its
subject) instead of carrying ids, so fraud injection can add claims anywhere and the
ids are handed out once, in a stable order, when the county is finished
(`DemoCounty.assign_ids`). No Django here: the generator is a pure function of the seed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(eq=False)
class Township:
    code: str
    name: str
    villages: list[Village] = field(default_factory=list)
    remote: bool = False  # far from the county seat (certificate-lending distance)


@dataclass(eq=False)
class Village:
    code: str
    name: str
    township: Township


@dataclass(eq=False)
class Household:
    household_id: str
    village: Village
    tier: int
    members: list[Person] = field(default_factory=list)

    @property
    def township(self) -> Township:
        return self.village.township


@dataclass(eq=False)
class Enrolment:
    """One people.csv row: a person's cover in one scheme and year."""

    scheme: str
    tier: int
    categories: tuple[str, ...]
    veteran_category: str
    certificate_no: str
    certificate_status: str
    enrolled_from: dt.date
    enrolled_to: dt.date


@dataclass(eq=False)
class Person:
    person_id: str
    name: str
    sex: str
    birth_date: dt.date
    household: Household
    enrolments: list[Enrolment] = field(default_factory=list)
    chronic_diseases: tuple[str, ...] = ()
    died_on: dt.date | None = None

    def age_on(self, day: dt.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    @property
    def enrolment(self) -> Enrolment:
        """The first (ordinary) enrolment; duplicates are appended after it."""
        return self.enrolments[0]

    @property
    def township(self) -> Township:
        return self.household.township


@dataclass(eq=False)
class Hospital:
    code: str
    name: str
    level: int
    kind: str
    nonprofit: bool
    in_county: bool
    township: Township | None = None
    tcm: bool = False


@dataclass(eq=False)
class Staff:
    username: str
    name: str
    role: str
    township: Township | None = None
    hospital: Hospital | None = None
    person: Person | None = None
    household: Household | None = None


@dataclass(eq=False)
class Relation:
    staff: Staff
    person: Person
    relation: str


@dataclass(eq=False)
class Referral:
    person: Person
    from_hospital: Hospital
    to_hospital: Hospital
    diagnosis_code: str
    status: str
    valid_from: dt.date
    valid_to: dt.date
    referral_no: str = ""


@dataclass(eq=False)
class BillLine:
    category: str
    item_code: str
    description: str
    quantity: int
    unit_price_fen: int
    in_catalogue: bool
    service_date: dt.date

    @property
    def amount_fen(self) -> int:
        return self.quantity * self.unit_price_fen


@dataclass(eq=False)
class Favour:
    """How a favour scheme bends this claim's review (applied when decisions are written)."""

    reviewer: Staff  # approves it at their level: despite a conflict, or as a favour
    mechanism: str
    strength: str
    overpay_percent: int = 0  # paid this much more than the fund owes
    pay_despite_rejection: bool = False


@dataclass(eq=False)
class Claim:
    person: Person
    certificate_no: str
    hospital: Hospital
    claim_type: str
    admitted_on: dt.date
    discharged_on: dt.date
    diagnosis_code: str
    submitted_on: dt.date
    entered_by: Staff | None
    lines: list[BillLine] = field(default_factory=list)
    chronic_disease: str = ""
    cause: str = "illness"
    referral: Referral | None = None
    emergency_reported_on: dt.date | None = None
    favour: Favour | None = None
    claim_id: str = ""

    @property
    def total_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines)


@dataclass(eq=False)
class Truth:
    """One ground-truth row: which subject got which injected scheme, and how strongly."""

    subject: object  # Claim, Person, Hospital or Staff
    scheme: str
    mechanism: str
    strength: str
    note: str
    related: tuple = ()

    @property
    def subject_type(self) -> str:
        return {Claim: "claim", Person: "person", Hospital: "hospital",
                Staff: "reviewer"}[type(self.subject)]


@dataclass(frozen=True)
class Decision:
    claim: Claim
    level: int
    decided_by: Staff
    decision: str
    decided_at: dt.datetime
    paid_amount_fen: int | None


@dataclass(eq=False)
class DemoCounty:
    year: int
    townships: list[Township] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    hospitals: list[Hospital] = field(default_factory=list)
    staff: list[Staff] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    truth: list[Truth] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    def hospital(self, code: str) -> Hospital:
        return next(h for h in self.hospitals if h.code == code)

    def staff_of(self, role: str, township: Township | None = None) -> list[Staff]:
        return [s for s in self.staff if s.role == role
                and (township is None or s.township is township)]

    def assign_ids(self) -> None:
        """Number claims and referrals in date order, so an id reveals nothing injected."""
        self.claims.sort(key=lambda c: (c.admitted_on, c.hospital.code, c.person.person_id,
                                        c.claim_type, c.discharged_on, c.total_fen))
        for n, claim in enumerate(self.claims, start=1):
            claim.claim_id = f"C{self.year}{n:06d}"
        self.referrals.sort(key=lambda r: (r.valid_from, r.person.person_id, r.to_hospital.code))
        for n, referral in enumerate(self.referrals, start=1):
            referral.referral_no = f"ZZ{self.year}{n:05d}"
