"""Codes the rules speak in: claim kinds, decisions, reason codes, explanation lines.

Plain string constants (the same values as workflow.choices and CONTRACT.md), so the pure
rules need no Django; `benefits.explanation` turns the line codes into translated sentences.
"""
from enum import StrEnum

INPATIENT = "inpatient"
OUTPATIENT = "outpatient"
CHRONIC = "chronic"
SPECIAL_OUTPATIENT = "special_outpatient"
MATERNITY_PRENATAL = "maternity_prenatal"
MATERNITY_DELIVERY = "maternity_delivery"
CLAIM_TYPES = (INPATIENT, OUTPATIENT, CHRONIC, SPECIAL_OUTPATIENT, MATERNITY_PRENATAL,
               MATERNITY_DELIVERY)

BED = "bed"
VALID = "valid"


class Decision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


class Reason(StrEnum):
    """Rejection reasons; the first five are checked in this order (DOMAIN.md)."""

    NOT_ENROLLED = "NOT_ENROLLED"
    CERT_INVALID = "CERT_INVALID"
    FOR_PROFIT = "FOR_PROFIT"
    EXCLUDED_CAUSE = "EXCLUDED_CAUSE"
    REFERRAL_MISSING = "REFERRAL_MISSING"
    CHRONIC_NOT_CERTIFIED = "CHRONIC_NOT_CERTIFIED"
    NOT_COVERED = "NOT_COVERED"


class Line(StrEnum):
    """Explanation line codes; each line carries its numbers as params (money in fen)."""

    BILLED = "BILLED"
    NOT_IN_CATALOGUE = "NOT_IN_CATALOGUE"
    EXCLUDED_CATEGORY = "EXCLUDED_CATEGORY"
    BED_FEE_CUT = "BED_FEE_CUT"
    ELIGIBLE = "ELIGIBLE"
    REJECTED = "REJECTED"
    DEDUCTIBLE = "DEDUCTIBLE"
    REFERRAL_CUT = "REFERRAL_CUT"
    RATIO = "RATIO"
    TCM_BONUS = "TCM_BONUS"
    CHRONIC_SHARE = "CHRONIC_SHARE"
    FIXED_AMOUNT = "FIXED_AMOUNT"
    HOUSEHOLD_ACCOUNT = "HOUSEHOLD_ACCOUNT"
    CAP = "CAP"
    SUPPLEMENT = "SUPPLEMENT"
    PAYABLE = "PAYABLE"


class Cap(StrEnum):
    INPATIENT = "inpatient"
    CHRONIC = "chronic"
    SPECIAL_OUTPATIENT = "special_outpatient"
