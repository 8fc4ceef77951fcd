"""Seed DOMAIN.md's rule values for the policy years 2024, 2025 and 2026.

The values are read from benefits/policy_defaults.json as it stood when this migration
was written; administrators edit the rows afterwards.
"""
import json
from pathlib import Path

from django.db import migrations

YEARS = (2024, 2025, 2026)
DEFAULTS = Path(__file__).resolve().parent.parent / "policy_defaults.json"


def seed(apps, schema_editor):
    data = json.loads(DEFAULTS.read_text(encoding="utf-8"))
    model = lambda name: apps.get_model("benefits", name)  # noqa: E731
    for year in YEARS:
        if model("PolicyYear").objects.filter(year=year).exists():
            continue
        known = {field.name for field in model("PolicyYear")._meta.fields}
        policy = model("PolicyYear").objects.create(  # values of later fields: their migrations
            year=year, **{name: value for name, value in data["scalars"].items()
                          if name in known})
        for level, row in data["levels"].items():
            model("LevelRule").objects.create(policy=policy, level=int(level), **row)
        for tier, row in data["tiers"].items():
            model("TierRule").objects.create(policy=policy, tier=int(tier), **row)
        for tier, row in data["ratios"].items():
            for level, percent in row.items():
                model("RatioRule").objects.create(policy=policy, tier=int(tier),
                                                  level=int(level), ratio_percent=percent)
        for role, categories in data["categories"].items():
            for category in categories:
                model("CategoryRule").objects.create(policy=policy, category=category,
                                                     role=role)
        for cause in data["excluded_causes"]:
            model("ExcludedCause").objects.create(policy=policy, cause=cause)
        for category, percent in data["veteran_percent"].items():
            model("VeteranRate").objects.create(policy=policy, category=category,
                                                rate_percent=percent)


def unseed(apps, schema_editor):
    apps.get_model("benefits", "PolicyYear").objects.filter(year__in=YEARS).delete()


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
