"""Seed the contribution rates of 2024-2026 from notices/premium_defaults.json (DOMAIN.md)."""
import json
from pathlib import Path

from django.db import migrations

DEFAULTS = Path(__file__).resolve().parent.parent / "premium_defaults.json"


def seed(apps, schema_editor):
    PremiumRate = apps.get_model("notices", "PremiumRate")
    defaults = json.loads(DEFAULTS.read_text(encoding="utf-8"))
    for year in defaults["years"]:
        for tier, premium_fen in defaults["premium_fen"].items():
            PremiumRate.objects.get_or_create(year=year, tier=int(tier),
                                              defaults={"premium_fen": premium_fen})


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
