"""`python manage.py demo_logins [--url URL]`: where the demo runs and one login per role.

`make demo` prints it before serving, so whoever opens the demo knows how to sign in as
each role of DOMAIN.md "Who uses it".
"""
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.choices import Role
from registry.demo import DEMO_PASSWORD
from registry.models import StaffProfile

DEFAULT_URL = "http://127.0.0.1:8000/"


def scope_of(profile: StaffProfile) -> str:
    if profile.hospital_id:
        return profile.hospital.name
    if profile.township_id:
        return profile.township.name
    return _("county")


def width(text: str) -> int:
    """Columns the text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def login_rows() -> list[tuple[str, str, str, str]]:
    """(username, password, role, scope) of each role's shortest username: `director`
    before `deputy_director`, `clerk_t01` before `clerk_t01b`."""
    profiles = StaffProfile.objects.select_related("user", "township", "hospital")
    first = {}
    for profile in sorted(profiles, key=lambda p: (len(p.user.username), p.user.username)):
        first.setdefault(profile.role, profile)
    return [(first[role].user.username, DEMO_PASSWORD, role, scope_of(first[role]))
            for role in Role.values if role in first]


class Command(BaseCommand):
    help = _("Print the demo's address and a login for every role.")

    def add_arguments(self, parser):
        parser.add_argument("--url", default=DEFAULT_URL, help=_("where the demo is served"))

    def handle(self, url, **options):
        rows = login_rows()
        if not rows:
            raise CommandError(_("No staff yet: run `python manage.py seed_demo` first."))
        header = (_("username"), _("password"), _("role"), _("scope"))
        widths = [max(width(str(row[i])) for row in [header, *rows]) for i in range(4)]
        self.stdout.write(_("ClaimDesk demo: %(url)s") % {"url": url})
        for row in [header, *rows]:
            self.stdout.write("  ".join(str(cell) + " " * (size - width(str(cell)))
                                        for cell, size in zip(row, widths)).rstrip())
