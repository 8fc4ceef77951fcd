"""`python manage.py merge_schemes`: the scheme merger hand-over (seed 004) from the command line.

    merge_schemes stage --name NAME --year Y [--target SCHEME] --user ADMIN \\
        --roster SCHEME FILE PEOPLE YUAN [--roster SCHEME FILE PEOPLE YUAN ...]
    merge_schemes register ID
    merge_schemes sign ID --user OFFICER

`stage` starts a merger and stages each roster with the totals its handing-over register
declares (people, contributions in yuan); `register` prints the reconciliation register;
`sign` signs it as the officer named, completing the merger's open sign-off task
(registry.merger_flow; the second, different officer puts it live). The same services as the
pages (registry.mergers), so the same flow, four-eyes rule, checks and audit rows.
"""
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry import mergers
from registry.choices import Scheme
from registry.importing import parsers
from registry.models import SchemeMerger


def _user(username: str):
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(_("Unknown user %(user)s") % {"user": username}) from None


class Command(BaseCommand):
    help = _("Stage two schemes' rosters into one, print the reconciliation register, sign it.")

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        stage = commands.add_parser("stage", help=_("start a merger and stage its rosters"))
        stage.add_argument("--name", required=True)
        stage.add_argument("--year", type=int, required=True)
        stage.add_argument("--target", default=Scheme.URBAN_RURAL_RESIDENT,
                           choices=Scheme.values)
        stage.add_argument("--user", required=True)
        stage.add_argument("--roster", nargs=4, action="append", required=True,
                           metavar=("SCHEME", "FILE", "PEOPLE", "YUAN"))
        register = commands.add_parser("register", help=_("print a merger's register"))
        register.add_argument("merger", type=int)
        sign = commands.add_parser("sign", help=_("sign a merger's register"))
        sign.add_argument("merger", type=int)
        sign.add_argument("--user", required=True)

    def handle(self, action, **options):
        try:
            getattr(self, action)(**options)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError("\n".join(getattr(error, "messages", None) or [str(error)]))

    def stage(self, name, year, target, user, roster, **options):
        actor = _user(user)
        rosters = [self._roster_arguments(*arguments) for arguments in roster]
        merger = mergers.create_merger(name, year, target, actor)
        self.stdout.write(_("Merger %(id)s: %(name)s") % {"id": merger.pk, "name": name})
        rejected = False
        for scheme, path, people, premium_fen in rosters:
            with open(path, "rb") as stream:
                run = mergers.add_roster(merger.pk, scheme, stream, path, people, premium_fen,
                                         actor)
            self.stdout.write(_("%(scheme)s: %(file)s %(status)s, %(rows)s rows") % {
                "scheme": scheme, "file": path, "status": run.get_status_display(),
                "rows": run.rows})
            for error in run.errors:
                self.stdout.write("  " + _("row %(row)s, column %(column)s, value %(value)r: "
                                           "%(reason)s") % error)
            rejected |= run.status != run.Status.LOADED
        self.write_register(merger)
        if rejected:
            raise CommandError(_("A roster was rejected: correct it and stage it again."))

    @staticmethod
    def _roster_arguments(scheme, path, people, yuan):
        if scheme not in Scheme.values:
            raise CommandError(_("Unknown scheme %(scheme)s") % {"scheme": scheme})
        try:
            return scheme, path, int(people), parsers.money_fen(yuan)
        except (ValueError, parsers.CellError):
            raise CommandError(_("Give the declared people as a whole number and the "
                                 "contributions in yuan, not %(people)s and %(yuan)s")
                               % {"people": people, "yuan": yuan}) from None

    def register(self, merger, **options):
        self.write_register(SchemeMerger.objects.get(pk=merger))

    def sign(self, merger, user, **options):
        signed = mergers.sign(merger, _user(user))
        self.stdout.write(_("Merger %(id)s is now: %(state)s") % {
            "id": signed.pk, "state": signed.get_state_display()})
        if signed.live_run:
            self.stdout.write(_("Merged roster imported: %(created)s created, %(updated)s "
                                "updated, %(unchanged)s unchanged") % {
                "created": signed.live_run.created, "updated": signed.live_run.updated,
                "unchanged": signed.live_run.unchanged})

    def write_register(self, merger: SchemeMerger) -> None:
        register = mergers.build_register(merger)
        write = self.stdout.write
        write(_("scheme  declared people  received people  declared fen  received fen"))
        for row in register.rosters:
            write(f"{row.scheme}  {row.declared_count}  {row.received_count}  "
                  f"{row.declared_premium_fen}  {row.received_premium_fen}")
        write(_("merged roster: %(people)s people, %(fen)s fen; paid twice (refund due): "
                "%(duplicates)s people, %(refund)s fen") % {
            "people": len(register.merged), "fen": register.merged_premium_fen,
            "duplicates": len(register.duplicates), "refund": register.refund_fen})
        for duplicate in register.duplicates:
            write("  " + _("in both: %(id)s kept from %(kept)s row %(kept_row)s, dropped from "
                           "%(dropped)s row %(dropped_row)s; differs in: %(fields)s") % {
                "id": duplicate.person_id, "kept": duplicate.kept_scheme,
                "kept_row": duplicate.kept_row, "dropped": duplicate.dropped_scheme,
                "dropped_row": duplicate.dropped_row,
                "fields": ", ".join(duplicate.mismatches) or "-"})
        if register.reconciles:
            write(_("The register reconciles."))
        for problem in register.problems:
            write(_("Does not reconcile: %(problem)s") % {"problem": problem})
