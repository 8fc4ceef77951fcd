"""`python manage.py resume_job ID`: finish a job a killed worker or an error left undone;
its finished batches are skipped (jobs.services.resume)."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jobs import services
from jobs.choices import JobState
from jobs.models import Job


class Command(BaseCommand):
    help = _("Run an unfinished background job again from its first unfinished batch.")

    def add_arguments(self, parser):
        parser.add_argument("job_id", type=int)

    def handle(self, job_id, **options):
        job = Job.objects.filter(pk=job_id).first()
        if job is None:
            raise CommandError(_("There is no job %(id)s.") % {"id": job_id})
        job = services.resume(job, progress=self.show)
        if services.on_worker():
            job = services.follow(job, self.show)
        if job.state != JobState.FINISHED:
            raise CommandError(services.describe(job))
        self.stdout.write(services.describe(job))

    def show(self, job) -> None:
        self.stderr.write(services.describe(job))
