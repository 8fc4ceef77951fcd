"""`python manage.py evaluate_fraud`: the detectors' figures on the demo county's hidden truth
(issue 7). The truth file is read here only, after the alerts were made; no detector sees it."""
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fraud import evaluation, features, services
from registry.demo.contract import TRUTH_PATH


class Command(BaseCommand):
    help = _("Score the demo county and compare the alerts with its hidden ground truth.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2025)
        parser.add_argument("--truth", help=_("truth.csv (default: the demo's, under VAR_DIR)"))

    def handle(self, year, truth=None, **options):
        path = Path(truth) if truth else settings.VAR_DIR / "demo" / TRUTH_PATH
        if not path.is_file():
            raise CommandError(_("No ground truth at %(path)s: run seed_demo first.")
                               % {"path": path})
        frames = features.load(year)
        alerts = services.find_alerts(frames).rename(columns={"rule_score": "score"})
        claims = int((pd.to_datetime(frames.claims["admitted_on"]).dt.year == year).sum())
        people = frames.enrolments["person_id"].nunique()
        known = pd.read_csv(path, dtype=str, keep_default_na=False)
        self.stdout.write(f"{'scheme':24} {'true':>5} {'alerts':>7} {'P@k':>6} "
                          f"{'budget':>7} {'recall':>7} {'per 1000':>9}")
        for f in evaluation.figures(alerts, known, claims, people):
            self.stdout.write(f"{f.scheme:24} {f.true_items:5d} {f.alerts:7d} "
                              f"{f.precision_at_k:6.3f} {f.budget:7d} {f.recall_in_budget:7.3f} "
                              f"{f.alerts_per_1000_claims:9.2f}")
