from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from registry.scope import Paths, register

        register("jobs.Job", Paths())  # county-wide roles only: a job spans the county
