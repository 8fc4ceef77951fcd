"""Monthly public notices: building, masking, committee approval, publishing."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notices"
    verbose_name = _("Notices")

    def ready(self):
        from notices import checks  # noqa: F401  (registers notices.E001)
        from registry.scope import Paths, extend, register

        register("notices.Notice", Paths(township=("township",)))
        register("notices.NoticeLine", Paths(township=("notice__township",)))
        register("notices.Objection", Paths(township=("notice__township",)))
        extend("viewflow.Task", Paths(township=("process__notice__township",)))
