"""Route every received claim that benefits has assessed (after `import_data` and
`adjudicate`): clean level-0 claims approved and automatic rejections rejected in bulk, a
review process for each claim that needs a person (workflow.services.route_claims)."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from workflow.services import route_claims


class Command(BaseCommand):
    help = _("Route assessed claims: bulk decisions for level 0, a review for the rest.")

    def handle(self, *args, **options):
        routed = route_claims()
        self.stdout.write(_("%(approved)s approved, %(rejected)s rejected, %(reviewed)s sent "
                            "to review, %(unassessed)s not yet assessed") % {
            "approved": routed.approved, "rejected": routed.rejected,
            "reviewed": routed.reviewed, "unassessed": routed.unassessed})
