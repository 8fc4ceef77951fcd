"""One policy year's rule values, loaded once from the benefits tables (DOMAIN.md).

No rule number lives in code: every deductible, ratio, cap and threshold the calculator
uses is a field here, filled by `benefits.services.load_policy` from tables that
administrators edit per year.
"""
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

REFERRAL_REJECT = "reject"
REFERRAL_CUT = "cut"


@dataclass(frozen=True)
class Policy:
    year: int
    deductible_fen: Mapping[int, int]               # by hospital level
    bed_cap_fen: Mapping[int, int]                  # per bed day, by hospital level
    ratio_percent: Mapping[tuple[int, int], int]    # by (tier, level)
    tcm_bonus_points: int
    tcm_categories: frozenset[str]
    excluded_categories: frozenset[str]
    excluded_causes: frozenset[str]
    inpatient_cap_fen: Mapping[tuple[int, bool], int]  # by (tier, minor)
    minor_age: int
    household_account_fen: Mapping[int, int]        # per enrolled person, by tier
    chronic_percent: int
    chronic_categories: frozenset[str]
    chronic_max_level: int
    chronic_cap_fen: Mapping[int, int]              # by tier
    special_tiers: frozenset[int]
    special_min_level: int
    special_cap_fen: int
    prenatal_fen: int
    delivery_fen: int
    veteran_percent: Mapping[str, int]
    approval_level2_over_fen: int
    approval_level3_from_fen: int
    approval_level4_from_fen: int
    referral_rule: str
    referral_level: int      # inpatient at this level or above needs a referral
    referral_cut_points: int
    emergency_report_days: int
    referral_validity_days: int  # an approved referral's window (workflow.referrals)

    def __post_init__(self):
        for name in ("deductible_fen", "bed_cap_fen", "ratio_percent", "inpatient_cap_fen",
                     "household_account_fen", "chronic_cap_fen", "veteran_percent"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    def approval_level(self, payable_fen):
        """DOMAIN.md approval matrix: 0 up to the first threshold, then 2, 3, 4.

        Written as a sum of comparisons so it works on an int and on an int64 array alike
        (the thresholds are ordered, so each comparison passed adds one level).
        """
        return ((payable_fen > self.approval_level2_over_fen) * 2
                + (payable_fen >= self.approval_level3_from_fen)
                + (payable_fen >= self.approval_level4_from_fen))

    def is_minor(self, birth_yyyymmdd, on_yyyymmdd):
        """Under `minor_age` on the day (DOMAIN.md: minors = under 18 on admission).

        Dates as YYYYMMDD integers: the age in whole years is the difference // 10000, for
        ints and int64 arrays alike.
        """
        return on_yyyymmdd - birth_yyyymmdd < self.minor_age * 10000


def policy_from_mapping(year: int, data: dict) -> Policy:
    """Build the policy from the tables' shape (benefits/policy_defaults.json's layout)."""
    levels, tiers, categories = data["levels"], data["tiers"], data["categories"]
    return Policy(
        year=year,
        deductible_fen={int(lv): row["deductible_fen"] for lv, row in levels.items()},
        bed_cap_fen={int(lv): row["bed_cap_fen"] for lv, row in levels.items()},
        ratio_percent={(int(t), int(lv)): pct for t, row in data["ratios"].items()
                       for lv, pct in row.items()},
        tcm_categories=frozenset(categories["tcm"]),
        excluded_categories=frozenset(categories["excluded"]),
        chronic_categories=frozenset(categories["chronic_drug"]),
        excluded_causes=frozenset(data["excluded_causes"]),
        inpatient_cap_fen={(int(t), minor): row["inpatient_cap_minor_fen" if minor
                                                else "inpatient_cap_adult_fen"]
                           for t, row in tiers.items() for minor in (False, True)},
        household_account_fen={int(t): row["household_account_fen"] for t, row in tiers.items()},
        chronic_cap_fen={int(t): row["chronic_cap_fen"] for t, row in tiers.items()},
        special_tiers=frozenset(int(t) for t, row in tiers.items() if row["special_outpatient"]),
        veteran_percent=dict(data["veteran_percent"]),
        **data["scalars"],
    )
