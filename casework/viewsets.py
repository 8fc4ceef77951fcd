"""The Casework application of the Viewflow site: the queue at /casework/, a case at
/casework/<id>/ (casework.views). Shown to holders of `casework.view_case` (investigators
and their supervisor); the case pages themselves are for investigators only."""
from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import Application

from casework import views


class CaseworkApplication(Application):
    title = _("Casework")
    icon = Icon("gavel")
    app_name = "casework"
    menu_template_name = None  # one page with its own filters: no sub-menu

    def has_view_permission(self, user, obj=None):
        """Signed in: holds `casework.view_case`. Anonymous: the page sends them to log in."""
        return not user.is_authenticated or user.has_perm(views.VIEW)

    index_path = path("", views.queue_page, name="index")
    case_path = path("<int:pk>/", views.case_page, name="case")
    assign_path = path("<int:pk>/assign/", views.assign, name="assign")
    act_path = path("<int:pk>/<slug:action>/", views.act, name="act")
    evidence_path = path("<int:pk>/evidence/<int:evidence_id>/", views.evidence_file,
                         name="evidence")
    letter_path = path("<int:pk>/letter.pdf", views.letter, name="letter")
