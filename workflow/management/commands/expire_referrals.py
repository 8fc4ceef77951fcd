"""Daily: approved referrals past their validity window become `expired` (DOMAIN.md
"Referrals": an approved referral has a validity period).

Run it once a day (cron: `python manage.py expire_referrals`). Each referral moves through its
FSM transition with an audit row; the pages show a lapsed referral as expired even before the
run (workflow.referrals, module docstring). `--today` replays a given day.
"""
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from workflow.referrals import expire_lapsed


class Command(BaseCommand):
    help = _("Mark approved referrals past their validity window as expired.")

    def add_arguments(self, parser):
        parser.add_argument("--today", help=_("The day to expire as of (YYYY-MM-DD); default: "
                                              "today."))

    def handle(self, *args, **options):
        try:
            today = (dt.date.fromisoformat(options["today"]) if options["today"]
                     else timezone.localdate())
        except ValueError:
            raise CommandError(_("Give --today as YYYY-MM-DD, not %(text)s.")
                               % {"text": options["today"]}) from None
        expired = expire_lapsed(today)
        self.stdout.write(_("%(count)s referrals expired as of %(day)s.")
                          % {"count": len(expired), "day": today.isoformat()})
        for number in expired:
            self.stdout.write(number)
