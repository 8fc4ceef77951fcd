"""`python manage.py score_fraud [--year Y] --out FILE` (DESIGN.md commands): score and write
alerts.csv. The scoring runs as a background job (on a Celery worker when a broker is
configured); progress goes to stderr."""
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from fraud import services
from fraud.models import ScoringRun
from jobs import services as jobs
from jobs.choices import JobState


class Command(BaseCommand):
    help = _("Score a year's claims, people, hospitals and reviewers for fraud and write "
             "alerts.csv.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=timezone.localdate().year,
                            help=_("policy year (default: this year)"))
        parser.add_argument("--out", required=True, help=_("where to write alerts.csv"))

    def handle(self, year, out, **options):
        job = jobs.start_and_wait("score", {"years": [year]},
                                  progress=lambda job: self.stderr.write(jobs.describe(job)))
        if job.state != JobState.FINISHED:
            raise CommandError(jobs.describe(job))
        run = ScoringRun.objects.get(pk=jobs.results(job)[f"year:{year}"]["scoring_run"])
        written = services.write_alerts_csv(run.alert_rows.order_by("-score", "id"), out)
        self.stdout.write(_("%(alerts)s alerts for %(claims)s claims of %(year)s written to "
                            "%(out)s.") % {"alerts": written, "claims": run.claims,
                                           "year": year, "out": out})
