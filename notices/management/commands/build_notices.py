"""Draft the month's public notices (DESIGN.md command `build_notices --month YYYY-MM`);
scheduled after month end, e.g. cron `0 2 1 * * manage.py build_notices` (the month just
ended is the default). The drafting runs as a background job, one batch per township (on a
Celery worker when a broker is configured); progress goes to stderr."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jobs import services as jobs
from jobs.choices import JobState
from notices import services


class Command(BaseCommand):
    help = "Draft each township's public notice of a month and send it to the committee."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: last month)")

    def handle(self, *args, month=None, **options):
        try:
            first = (services.parse_month(month) if month else
                     (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1))
            job = jobs.start_and_wait("notices", {"month": first.isoformat()}, progress=lambda
                                      job: self.stderr.write(jobs.describe(job)))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if job.state != JobState.FINISHED:
            raise CommandError(jobs.describe(job))
        drafted = [result for result in jobs.results(job).values() if result]
        for result in drafted:
            self.stdout.write(f"{result['township']} {first:%Y-%m}: "
                              f"{result['claims']} claims, notice {result['notice']}")
        self.stdout.write(f"{len(drafted)} notices drafted for {first:%Y-%m}")
