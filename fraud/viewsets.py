"""The alerts list of the Viewflow site (issue 7): investigators and the county director.

Only the newest scoring run of each year is shown. The page's permission is the model's
`fraud.view_alert`, which registry.roles grants to those two roles only (others get 403).
"""
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import ReadonlyModelViewset

from claimdesk.lists import ListView
from dashboard.money import local_fen
from fraud import services
from fraud.choices import sentence
from fraud.models import Alert


class AlertViewset(ReadonlyModelViewset):
    icon = Icon("policy")
    model = Alert
    list_view_class = ListView
    list_columns = ("scheme", "subject_type", "subject_id", "score_shown", "amount",
                    "explanation")
    list_filter_fields = ("scheme", "subject_type")
    list_search_fields = ("subject_id",)

    def get_queryset(self, request):
        return services.current_alerts().order_by("-score", "-amount_at_risk_fen", "id")

    def score_shown(self, alert):
        return number_format(alert.score, decimal_pos=2)

    score_shown.short_description = _("Score")

    def amount(self, alert):
        return local_fen(alert.amount_at_risk_fen)

    amount.short_description = _("Amount at risk (yuan)")
    amount.column_type = "numeric"

    def explanation(self, alert):
        return "; ".join(sentence(reason, params) for reason, _score, params in alert.reasons)

    explanation.short_description = _("Reasons")
