"""Enumerations of the fraud app with translated labels, and each reason's sentence.

Values are those of fraud.detectors.codes (the pure detectors' vocabulary) and CONTRACT.md
alerts.csv; a reason's sentence is filled with the numbers its detector found.
"""
from django.db import models
from django.utils.translation import gettext, gettext_lazy as _

from fraud.detectors.codes import Reason, Scheme as SchemeCode, Subject
from registry.choices import CertificateStatus


class Scheme(models.TextChoices):
    CERTIFICATE_LENDING = SchemeCode.CERTIFICATE_LENDING.value, _("Certificate lending")
    INFLATED_BILL = SchemeCode.INFLATED_BILL.value, _("Inflated bill")
    FAVOUR_REIMBURSEMENT = SchemeCode.FAVOUR_REIMBURSEMENT.value, _("Favour reimbursement")
    DUPLICATE_ENROLMENT = SchemeCode.DUPLICATE_ENROLMENT.value, _("Duplicate enrolment")


class SubjectType(models.TextChoices):
    CLAIM = Subject.CLAIM.value, _("Claim")
    PERSON = Subject.PERSON.value, _("Person")
    HOSPITAL = Subject.HOSPITAL.value, _("Hospital")
    REVIEWER = Subject.REVIEWER.value, _("Reviewer")


class Outcome(models.TextChoices):
    """What an investigator found (the supervised model's labels)."""

    CONFIRMED = "confirmed", _("Confirmed fraud")
    DISMISSED = "dismissed", _("Dismissed")


class ModelKind(models.TextChoices):
    RULES = "rules", _("Rules and peer-group isolation forest")
    SUPERVISED = "supervised", _("Rules combined with a model trained on outcomes")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


SENTENCES = {
    Reason.INVALID_CERTIFICATE: _("certificate %(certificate)s is %(status)s but was used"),
    Reason.FOREIGN_CERTIFICATE: _("certificate %(certificate)s belongs to someone else"),
    Reason.AFTER_DEATH: _("care on %(admitted_on)s for a holder who died on %(died_on)s"),
    Reason.IMPOSSIBLE_DIAGNOSIS: _(
        "certificate of a %(age)s-year-old %(sex)s used for %(label)s (%(code)s)"),
    Reason.OVERLAPPING_STAYS: _(
        "the certificate is in another hospital stay at the same time (%(nights)s nights "
        "overlap with claim %(other_claim)s)"),
    Reason.SAME_DAY_DISTANT: _(
        "the certificate was also used on %(day)s at a distant provider (claim %(other_claim)s)"),
    Reason.DORMANT_CARD_SERIOUS_USE: _(
        "a card unused in the year pays for a stay away from home, for a diagnosis (%(code)s) "
        "rare at the holder's age of %(age)s"),
    Reason.MANY_CARDS_ONE_HOSPITAL: _(
        "%(claims)s cards from other townships used here on %(days)s unusual days"),
    Reason.CARD_IN_CARD_BURST: _(
        "one of %(cards)s outside cards used at %(hospital)s on %(day)s, far more than usual"),
    Reason.PEER_COST_OUTLIER: _(
        "cost, cost per day or stay far above peers (robust z %(z)s)"),
    Reason.BED_DAYS_BEYOND_STAY: _("%(billed)s bed days billed for a stay of %(stay)s days"),
    Reason.DUPLICATE_LINES: _("%(lines)s bill lines repeat the same item on the same day"),
    Reason.BED_AND_DRUGS_ONLY: _(
        "a %(nights)s-night stay billed for bed and drugs only, with no examination or "
        "treatment"),
    Reason.SPLIT_READMISSION: _(
        "readmitted %(days)s days apart for the same diagnosis at the same hospital (claim "
        "%(other_claim)s)"),
    Reason.HOSPITAL_PADDED_COSTS: _(
        "charges %(percent)s%% of what peer hospitals charge for the same items"),
    Reason.HOSPITAL_OUT_OF_PROPORTION: _(
        "reimbursements out of proportion with its volume of %(claims)s claims"),
    Reason.UNUSUAL_IN_PEER_GROUP: _("unusual among claims of the same diagnosis and level"),
    Reason.PAID_MORE_THAN_ALLOWED: _(
        "paid %(paid)s yuan where the rules allow %(allowed)s (approved by %(reviewer)s)"),
    Reason.PAID_DESPITE_REJECTION: _(
        "paid %(paid)s yuan although the rules reject it (%(reasons)s; approved by "
        "%(reviewer)s)"),
    Reason.REVIEWER_SAME_HOUSEHOLD: _("approved by %(reviewer)s, of the claimant's household"),
    Reason.REVIEWER_DECLARED_RELATION: _(
        "approved by %(reviewer)s, who declared the claimant as %(relation)s"),
    Reason.REVIEWER_SAME_VILLAGE_SURNAME: _(
        "approved by %(reviewer)s, of the claimant's village and surname"),
    Reason.BUNCHED_UNDER_THRESHOLD: _(
        "one of %(count)s amounts of %(staff)s just under an approval threshold"),
    Reason.SPLIT_CLAIM: _(
        "split from claim %(other_claim)s: together %(together)s yuan, over an approval "
        "threshold"),
    Reason.CONCENTRATED_APPROVALS: _(
        "%(reviewer)s approves the same few claimants again and again"),
    Reason.REVIEWER_PATTERN: _("approved %(claims)s claims paid beyond the rules or to relatives"),
    Reason.SAME_ID_TWO_ENROLMENTS: _("enrolled twice in one year (%(schemes)s)"),
    Reason.SAME_PERSON_TWO_IDS: _(
        "same name, birth date and sex as %(other_id)s: one person under two IDs"),
    Reason.SUBSIDISED_TWICE: _("the government subsidy is paid twice for this person"),
}
SEX_WORDS = {"M": _("man"), "F": _("woman")}
LABEL_WORDS = {"pregnancy": _("pregnancy or delivery"),
               "female_genital": _("a disease of female organs"),
               "male_genital": _("a disease of male organs (prostate)"),
               "perinatal": _("a condition of newborns")}
MONEY_PARAMS = {"paid_fen": "paid", "allowed_fen": "allowed", "together_fen": "together"}


def sentence(reason: str, params: dict) -> str:
    """The reason's sentence in the active language, filled with its params."""
    values = dict(params)
    if "sex" in values:
        values["sex"] = gettext(SEX_WORDS.get(values["sex"], values["sex"]))
    if "label" in values:
        values["label"] = gettext(LABEL_WORDS.get(values["label"], values["label"]))
    if "status" in values:
        values["status"] = str(dict(CertificateStatus.choices).get(values["status"],
                                                                   values["status"])).lower()
    for key, name in MONEY_PARAMS.items():
        if key in values:
            fen = int(values[key])
            values[name] = f"{fen // 100}.{fen % 100:02d}"
    template = SENTENCES.get(reason)
    if template is None:
        return reason
    try:
        return gettext(template) % values
    except (KeyError, TypeError, ValueError):
        return gettext(template)
