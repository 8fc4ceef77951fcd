"""What the calculator reads: a claim with its bill lines, and the person's year.

Plain frozen dataclasses filled by `benefits.services` from the registry and workflow
tables (or by tests directly). Money is integer fen; quantities are thousandths
(`quantity_milli`), as the bill line's quantity has three decimals.
"""
import datetime as dt
from dataclasses import dataclass, field


class ClaimInputError(ValueError):
    """Bad input that the calculator refuses to compute (DESIGN.md: name the row and field)."""

    def __init__(self, claim_id: str, field_name: str, message: str):
        self.claim_id, self.field, self.message = claim_id, field_name, message
        super().__init__(f"claim {claim_id}: {field_name}: {message}")


@dataclass(frozen=True)
class BillLine:
    line_no: int
    category: str
    quantity_milli: int
    unit_price_fen: int
    amount_fen: int
    in_catalogue: bool
    service_date: dt.date


@dataclass(frozen=True)
class Claim:
    claim_id: str
    person_id: str
    certificate_no: str
    hospital_code: str
    hospital_level: int
    hospital_in_county: bool
    hospital_nonprofit: bool
    claim_type: str
    admitted_on: dt.date
    discharged_on: dt.date
    cause: str
    lines: tuple[BillLine, ...]
    chronic_disease: str = ""
    emergency_reported_on: dt.date | None = None

    @property
    def order_key(self) -> tuple:
        """DOMAIN.md: claims are settled by admitted_on, then claim_id."""
        return (self.admitted_on, self.claim_id)


@dataclass(frozen=True)
class Enrolment:
    certificate_no: str
    certificate_status: str
    tier: int
    household_id: str
    enrolled_from: dt.date
    enrolled_to: dt.date
    veteran_category: str = ""


@dataclass(frozen=True)
class Referral:
    """An approved referral (only approved ones are loaded)."""

    to_hospital: str
    valid_from: dt.date
    valid_to: dt.date


@dataclass(frozen=True)
class PersonYear:
    """A person's cover in the policy year: enrolments in load order, referrals, cards."""

    person_id: str
    birth_date: dt.date
    enrolments: tuple[Enrolment, ...]
    died_on: dt.date | None = None
    referrals: tuple[Referral, ...] = ()
    chronic_cards: frozenset[str] = field(default_factory=frozenset)


def yyyymmdd(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day
