"""Daily reminder of overdue review work, one message per township office (DOMAIN.md:
claims over 1,000 yuan are paid within 7 days of submission; overdue work is visible).

Run it once a day (cron: `python manage.py remind_overdue`). Each office's staff with an
e-mail address get the list of their township's open reviews past the payment date; the
command prints the count per office. It runs as a background job, one batch per office
(workflow.services.remind_office), so a run cut short and resumed mails no office twice.
"""
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import services as jobs
from jobs.choices import JobState


class Command(BaseCommand):
    help = _("E-mail each township office its overdue claim reviews.")

    def handle(self, *args, **options):
        job = jobs.start_and_wait("reminders", {"today": timezone.localdate().isoformat()},
                                  progress=lambda job: self.stderr.write(jobs.describe(job)))
        if job.state != JobState.FINISHED:
            raise CommandError(jobs.describe(job))
        for key, result in jobs.results(job).items():
            self.stdout.write(f"{key.split(':', 1)[1]}: {result['overdue']} overdue, "
                              f"{result['reminded']} reminded")
