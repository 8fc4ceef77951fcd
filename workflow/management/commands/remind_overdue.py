"""Daily reminder of overdue review work, one message per township office (DOMAIN.md:
claims over 1,000 yuan are paid within 7 days of submission; overdue work is visible).

Run it once a day (cron: `python manage.py remind_overdue`). Each office's staff with an
e-mail address get the list of their township's open reviews past the payment date; the
command prints the count per office.
"""
from itertools import groupby

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import StaffProfile
from workflow.services import overdue_reviews


class Command(BaseCommand):
    help = _("E-mail each township office its overdue claim reviews.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        reviews = overdue_reviews(today)
        for township, rows in groupby(reviews, key=lambda review: review.township):
            rows = list(rows)
            recipients = list(StaffProfile.objects.filter(
                township=township, user__is_active=True).exclude(user__email="")
                .values_list("user__email", flat=True))
            lines = [_("%(claim)s: level %(level)s, pay by %(due)s") % {
                "claim": r.claim_id, "level": r.next_level, "due": r.due_on.isoformat()}
                for r in rows]
            if recipients:
                send_mail(_("%(count)s overdue claim reviews in %(township)s") % {
                              "count": len(rows), "township": township.name},
                          "\n".join(lines), None, recipients)
            self.stdout.write(f"{township.code}: {len(rows)} overdue, "
                              f"{len(recipients)} reminded")
