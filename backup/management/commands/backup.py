"""`python manage.py backup DIR`: the database's rows and the stored files, with checksums."""
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from backup import services
from backup.manifest import BackupInvalid


class Command(BaseCommand):
    help = _("Back up the database and the stored files into a new directory.")

    def add_arguments(self, parser):
        parser.add_argument("directory", help=_("a new or empty directory"))

    def handle(self, directory, **options):
        started = time.monotonic()
        try:
            manifest = services.create(directory)
        except BackupInvalid as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Backed up %(rows)d rows and %(files)d files into %(dir)s in "
                            "%(seconds).1f s.") % {
            "rows": sum(manifest["rows"].values()), "files": len(manifest["files"]),
            "dir": directory, "seconds": time.monotonic() - started})
