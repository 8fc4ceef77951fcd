"""`python manage.py seed_demo`: build, export and load the demo county (DESIGN.md commands).

Two phases, because the review history needs what the fund owes and only the benefits
calculator may say that: (1) write and import every contract file but decisions.csv;
(2) settle the year with `benefits.services.settle_year`, write decisions.csv from the
settlement (registry.demo.decisions) and import it. Then the year's assessments are stored and
the claims the history left undecided are routed (`workflow.services.route_claims`: clean
ones approved in bulk, the rest into reviewers' task lists), so each reviewer finds work.
Every demo staff user gets the demo password and `admin` becomes a superuser, so
`demo_logins` can print the logins.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from benefits.services import settle_year, store_year
from registry import demo, services
from registry.demo import contract, decisions
from registry.models import Person
from workflow.services import route_claims

PHASE_ONE_FILES = tuple(name for name in contract.CONTRACT_FILES if name != "decisions.csv")


def settlements_of(frame) -> dict[str, decisions.Settlement]:
    """settle_year's DataFrame as plain records (claim_id -> Settlement)."""
    return {claim_id: decisions.Settlement(int(reimbursed), int(supplement), int(level), decision)
            for claim_id, reimbursed, supplement, level, decision in zip(
                frame.index, frame["reimbursed_fen"], frame["supplement_fen"],
                frame["approval_level"], frame["decision"])}


class Command(BaseCommand):
    help = _("Build the synthetic demo county (with injected fraud), write its contract files "
             "and load them.")

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=demo.DEFAULT_PEOPLE,
                            help=_("number of residents (default %(default)s)"))
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED,
                            help=_("random seed: the same seed gives the same files"))
        parser.add_argument("--year", type=int, default=demo.DEFAULT_YEAR,
                            help=_("policy year of the enrolments and claims"))
        parser.add_argument("--export", metavar="DIR",
                            help=_("write the contract files here (and ground_truth/truth.csv)"))
        parser.add_argument("--if-empty", action="store_true",
                            help=_("do nothing when people are already registered"))

    def handle(self, people, seed, year, export=None, if_empty=False, **options):
        if if_empty and Person.objects.exists():
            self.stdout.write(_("People are already registered; the demo county is left as "
                                "it is."))
            return
        try:
            county = demo.generate(people=people, seed=seed, year=year)
        except ValueError as error:
            raise CommandError(str(error)) from None
        with tempfile.TemporaryDirectory(prefix="claimdesk-demo-") as scratch:
            directory = Path(export) if export else Path(scratch)
            truth_root = directory if export else settings.VAR_DIR / "demo"
            self.load(county, seed, directory, truth_root)
        self.set_demo_logins(county)
        self.stdout.write(_("Demo county loaded: %(people)s people, %(claims)s claims, "
                            "%(decisions)s review decisions, %(truth)s ground-truth rows in "
                            "%(path)s.") % {
            "people": len(county.people), "claims": len(county.claims),
            "decisions": len(county.decisions), "truth": len(county.truth),
            "path": truth_root / contract.TRUTH_PATH})

    def load(self, county, seed: int, directory: Path, truth_root: Path) -> None:
        (directory / "decisions.csv").unlink(missing_ok=True)  # stale from an earlier export
        contract.write(county, directory, PHASE_ONE_FILES)
        self.check_runs(services.import_directory(directory))
        decisions.build(county, settlements_of(settle_year(county.year)),
                        demo.stage_rng(seed, "decisions"))
        contract.write(county, directory, ("decisions.csv",))
        self.check_runs([services.import_file(directory / "decisions.csv", "decisions")])
        self.route_undecided(county)
        if truth_root != directory:
            contract.write(county, truth_root, ())

    def route_undecided(self, county) -> None:
        """Route the claims without a decision in the history (the review history's claims
        keep it as imported); the rest of the year waits in reviewers' task lists."""
        store_year(county.year)
        decided = {decision.claim.claim_id for decision in county.decisions}
        routed = route_claims([claim.claim_id for claim in county.claims
                               if claim.claim_id not in decided])
        self.stdout.write(_("Routed: %(approved)s approved and %(rejected)s rejected "
                            "automatically, %(reviewed)s sent to reviewers.") % {
            "approved": routed.approved, "rejected": routed.rejected,
            "reviewed": routed.reviewed})

    def check_runs(self, runs) -> None:
        """The demo must load with zero rejected files; say which rows failed if not."""
        for run in runs:
            self.stdout.write(_("%(file)s: %(status)s, %(rows)s rows") % {
                "file": run.file_name, "status": run.get_status_display(), "rows": run.rows})
        rejected = [run for run in runs if run.status == run.Status.REJECTED]
        if rejected:
            details = "; ".join(f"{run.file_name} row {error['row']} {error['column']}="
                                f"{error['value']!r}: {error['reason']}"
                                for run in rejected for error in run.errors[:5])
            raise CommandError(_("The importer rejected demo files: %(details)s")
                               % {"details": details})

    def set_demo_logins(self, county) -> None:
        """One hash for all: every demo user's password is demo.DEMO_PASSWORD."""
        users = get_user_model().objects.filter(username__in=[s.username for s in county.staff])
        users.update(password=make_password(demo.DEMO_PASSWORD))
        users.filter(username="admin").update(is_superuser=True, is_staff=True)
