"""`python manage.py import_data DIR`: load every contract file present in DIR (DESIGN.md).

The files load as a background job (jobs app: one batch per file, then fraud scoring), on a
Celery worker when a broker is configured, here otherwise; progress goes to stderr, and a
job killed half-way is finished by `python manage.py resume_job ID`.
"""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jobs import services as jobs
from jobs.choices import JobState
from registry import services


class Command(BaseCommand):
    help = _("Load every contract file present in DIR (hospitals.csv, people.csv, ...), "
             "all or nothing per file, and report every bad row.")

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--user", help=_("username recorded as the importer"))

    def handle(self, directory, user=None, **options):
        actor = get_user_model().objects.get(username=user) if user else None
        if not services.contract_files(directory):
            raise CommandError(_("No contract files found in %(dir)s") % {"dir": directory})
        job = jobs.start_and_wait("import", {"directory": str(Path(directory).resolve())},
                                  actor, progress=lambda job: self.stderr.write(
                                      jobs.describe(job)))
        if job.state != JobState.FINISHED:
            raise CommandError(jobs.describe(job))
        runs = services.import_runs([result["import_run"] for result in
                                     jobs.results(job).values() if "import_run" in result])
        for run in runs:
            self.stdout.write(_("%(file)s: %(status)s, %(rows)s rows, %(created)s created, "
                                "%(updated)s updated, %(unchanged)s unchanged") % {
                "file": run.file_name, "status": run.get_status_display(), "rows": run.rows,
                "created": run.created, "updated": run.updated, "unchanged": run.unchanged})
            for warning in run.warnings:
                self.stdout.write("  " + _("warning: %(text)s") % {"text": warning})
            for error in run.errors:
                self.stdout.write("  " + _("row %(row)s, column %(column)s, value %(value)r: "
                                           "%(reason)s") % error)
        rejected = [run.file_name for run in runs if run.status == run.Status.REJECTED]
        if rejected:
            raise CommandError(_("Rejected: %(files)s") % {"files": ", ".join(rejected)})
