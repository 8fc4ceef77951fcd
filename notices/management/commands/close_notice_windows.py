"""Close the published notices whose objection window has passed (schedule it daily, e.g.
cron `0 1 * * * manage.py close_notice_windows`)."""
from django.core.management.base import BaseCommand

from notices.services import close_expired


class Command(BaseCommand):
    help = "Close every public notice whose objection window has passed."

    def handle(self, *args, **options):
        self.stdout.write(f"{close_expired()} notices closed")
