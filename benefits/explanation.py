"""Explanation lines (code + numbers) as sentences in the reader's language.

The rules emit codes with params (benefits.rules.codes.Line); this renderer alone turns
them into text, so the claim page and the claimant's decision letter say the same thing
in English or Chinese (DOMAIN.md: every result carries a line-by-line explanation).
"""
from decimal import Decimal

from django.utils.translation import gettext, gettext_lazy as _

from benefits.rules.codes import Line, Reason
from registry.choices import ChronicDisease, VeteranCategory
from workflow.choices import Cause, ClaimType, LineCategory

SENTENCES = {
    Line.BILLED: _("Billed: %(amount)s yuan."),
    Line.NOT_IN_CATALOGUE: _("Line %(line_no)s (%(amount)s yuan) is not in the catalogue."),
    Line.EXCLUDED_CATEGORY: _("Line %(line_no)s (%(amount)s yuan) is excluded: %(category)s."),
    Line.BED_FEE_CUT: _("Line %(line_no)s: bed fee %(billed)s yuan cut to %(allowed)s yuan "
                        "(%(days_milli)s days at most %(cap_per_day)s yuan a day)."),
    Line.ELIGIBLE: _("Eligible amount: %(amount)s yuan."),
    Line.DEDUCTIBLE: _("Deductible for a level %(level)s hospital: %(amount)s yuan."),
    Line.REFERRAL_CUT: _("No referral: the ratio is cut by %(points)s points."),
    Line.RATIO: _("%(percent)s%% of %(base)s yuan."),
    Line.TCM_BONUS: _("Traditional Chinese medicine: %(percent)s%% (%(points)s points more) "
                      "of %(base)s yuan."),
    Line.CHRONIC_SHARE: _("Chronic disease: %(percent)s%% of %(base)s yuan of drugs."),
    Line.FIXED_AMOUNT: _("Fixed amount %(fixed)s yuan, at most the eligible amount: "
                         "%(amount)s yuan."),
    Line.HOUSEHOLD_ACCOUNT: _("Household account: %(balance)s yuan available, %(paid)s yuan "
                              "paid, %(left)s yuan left."),
    Line.CAP: _("Annual cap (%(kind)s) %(cap)s yuan, %(used)s yuan already paid: "
                "%(paid)s yuan paid of %(computed)s yuan."),
    Line.SUPPLEMENT: _("Veterans' supplement (%(category)s): %(percent)s%% of %(base)s yuan "
                       "self-pay = %(amount)s yuan."),
    Line.PAYABLE: _("Reimbursed %(reimbursed)s yuan, supplement %(supplement)s yuan; "
                    "approval level %(approval_level)s."),
    Line.REJECTED: _("Rejected: %(reason)s."),
}

REASONS = {
    Reason.NOT_ENROLLED: _("not enrolled on the admission date"),
    Reason.CERT_INVALID: _("the certificate presented (%(certificate_no)s) is not the valid "
                           "enrolled one"),
    Reason.FOR_PROFIT: _("the hospital is a for-profit institution"),
    Reason.EXCLUDED_CAUSE: _("the cause (%(cause)s) is excluded"),
    Reason.REFERRAL_MISSING: _("no approved referral and no emergency report within the "
                               "allowed days"),
    Reason.CHRONIC_NOT_CERTIFIED: _("no certified chronic-disease card for %(disease)s"),
    Reason.NOT_COVERED: _("%(claim_type)s is not covered here for this person"),
}

MONEY = {"amount", "billed", "allowed", "cap_per_day", "base", "fixed", "balance", "paid",
         "left", "cap", "used", "computed", "reimbursed", "supplement"}
CAP_KINDS = {"inpatient": ClaimType.INPATIENT, "chronic": ClaimType.CHRONIC,
             "special_outpatient": ClaimType.SPECIAL_OUTPATIENT}
LABELS = {"category": {**dict(LineCategory.choices), **dict(VeteranCategory.choices)},
          "cause": dict(Cause.choices), "claim_type": dict(ClaimType.choices),
          "disease": dict(ChronicDisease.choices),
          "kind": {k: ClaimType(v).label for k, v in CAP_KINDS.items()}}


def yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def _value(name: str, value):
    if name in MONEY:
        return yuan(value)
    if name == "days_milli":
        return str(Decimal(value) / 1000)
    return LABELS.get(name, {}).get(value, value)


def render_line(code: str, params: dict) -> str:
    values = {name: _value(name, value) for name, value in params.items()}
    if code == Line.REJECTED:
        values["reason"] = gettext(REASONS[Reason(params["reason"])]) % values
    return gettext(SENTENCES[Line(code)]) % values


def render(lines) -> list[str]:
    """Sentences for explanation lines (ExplanationLine objects or stored dicts)."""
    pairs = ((ln["code"], ln["params"]) if isinstance(ln, dict) else (ln.code, ln.params)
             for ln in lines)
    return [render_line(code, params) for code, params in pairs]
