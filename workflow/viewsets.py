"""Claim pages of the Viewflow site: the list and one claim with its bill lines.

Both start from registry.scope through ScopedReadonlyViewset. When the benefits app provides
`benefits.services.explain` and its template `benefits/explanation.html`, the claim page also
shows the calculator's line-by-line explanation (DOMAIN.md: every computed result carries an
explanation a reviewer can read); the check is made once, at import: the template first, as
the benefits app ships it with `explain`.
"""
from importlib.util import find_spec
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from viewflow import Icon

from dashboard.money import local_fen
from registry.viewsets import ScopedDetailView, ScopedReadonlyViewset
from workflow.models import Claim
from workflow.services import claim_flags, history

EXPLANATION_TEMPLATE = "benefits/explanation.html"
SHOWS_EXPLANATION = (
    Path(find_spec("benefits").origin).parent / "templates" / EXPLANATION_TEMPLATE).is_file()

if SHOWS_EXPLANATION:
    from benefits.services import PolicyMissing, explain


class ClaimDetailView(ScopedDetailView):
    def get_object_data(self):
        """The claim's fields, money left out: it is shown in yuan above the bill lines."""
        return [row for row in super().get_object_data() if not row[0].name.endswith("_fen")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim = self.object
        context["total_yuan"] = local_fen(claim.total_fen)
        context["bill_lines"] = [(line, local_fen(line.unit_price_fen), local_fen(line.amount_fen))
                                 for line in claim.lines.all()]
        if SHOWS_EXPLANATION:
            context["explanation_template"] = EXPLANATION_TEMPLATE
            try:
                context["explanation"] = explain(claim)
            except PolicyMissing:
                context["explanation_missing_policy"] = claim.admitted_on.year
        context["flags"] = claim_flags([claim.pk]).get(claim.pk, [])  # fraud, with reasons
        context["history"] = history(claim)  # the review's decisions (workflow.services)
        return context


class ClaimViewset(ScopedReadonlyViewset):
    icon = Icon("receipt_long")
    model = Claim
    detail_view_class = ClaimDetailView
    list_columns = ("claim_id", "person", "hospital", "claim_type", "admitted_on",
                    "discharged_on", "total", "state")
    list_search_fields = ("claim_id", "person__person_id", "person__name")
    list_select_related = ("person", "hospital")
    list_filter_fields = ("state", "claim_type", "hospital")
    list_keyset = True

    def total(self, claim):
        return local_fen(claim.total_fen)

    total.short_description = _("Total billed (yuan)")
    total.column_type = "numeric"
