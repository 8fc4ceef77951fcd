"""`python manage.py train_fraud_model [--rollback]`: train the outcome model on investigated
alerts and make it the active version, or roll back to the version before the active one."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fraud import services
from fraud.models import ModelVersion


class Command(BaseCommand):
    help = _("Train the fraud model on investigators' outcomes, or roll back a version.")

    def add_arguments(self, parser):
        parser.add_argument("--rollback", action="store_true",
                            help=_("re-activate the version before the active one"))

    def handle(self, rollback=False, **options):
        try:
            version = services.rollback() if rollback else services.train()
        except (services.NotEnoughOutcomes, ModelVersion.DoesNotExist) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Active model: %(name)s, metrics %(metrics)s.")
                          % {"name": version.name, "metrics": version.metrics})
