"""python manage.py adjudicate [--year Y] --out FILE (DESIGN.md stable command name)."""
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from benefits import services
from benefits.rules.codes import Decision


class Command(BaseCommand):
    help = "Settle a policy year's claims, store each result and write adjudication.csv."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None,
                            help="policy year (default: the current year)")
        parser.add_argument("--out", required=True, help="where to write adjudication.csv")

    def handle(self, *args, year, out, **options):
        year = year or timezone.localdate().year
        try:
            frame = services.store_year(year)
        except (services.ClaimInputError, services.PolicyMissing) as error:
            raise CommandError(str(error)) from error
        written = services.write_adjudication_csv(frame, out)
        approved = int((frame.decision == Decision.APPROVED).sum())
        self.stdout.write(f"{year}: {written} claims, {approved} approved, "
                          f"written to {out}")
