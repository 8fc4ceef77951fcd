"""`python manage.py restore DIR`: check a backup's checksums, then load it into a freshly
migrated, empty database; a backup that does not verify changes nothing."""
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from backup import services
from backup.manifest import BackupInvalid


class Command(BaseCommand):
    help = _("Restore a backup into a freshly migrated, empty database.")

    def add_arguments(self, parser):
        parser.add_argument("directory", help=_("a directory written by `backup`"))

    def handle(self, directory, **options):
        started = time.monotonic()
        try:
            manifest = services.restore(directory)
        except BackupInvalid as error:
            raise CommandError(_("Nothing was restored: %(error)s") % {"error": error}) from None
        self.stdout.write(_("Restored %(rows)d rows and %(files)d files from %(dir)s (made "
                            "%(made)s) in %(seconds).1f s.") % {
            "rows": sum(manifest["rows"].values()), "files": len(manifest["files"]),
            "dir": directory, "made": manifest["created_at"],
            "seconds": time.monotonic() - started})
