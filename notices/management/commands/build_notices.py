"""Draft the month's public notices (DESIGN.md command `build_notices --month YYYY-MM`);
scheduled after month end, e.g. cron `0 2 1 * * manage.py build_notices` (the month just
ended is the default)."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notices import services


class Command(BaseCommand):
    help = "Draft each township's public notice of a month and send it to the committee."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: last month)")

    def handle(self, *args, month=None, **options):
        try:
            first = (services.parse_month(month) if month else
                     (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1))
            drafted = services.build_month(first)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for notice in drafted:
            self.stdout.write(f"{notice.township_id} {notice.month:%Y-%m}: "
                              f"{notice.claim_count} claims, notice {notice.pk}")
        self.stdout.write(f"{len(drafted)} notices drafted for {first:%Y-%m}")
