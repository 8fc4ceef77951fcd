"""Staff lists of the monthly public notices and of their lines (the "Notices" menu of the
site, next to the review inbox): filter by township, month and state, sort, keyset pages and
CSV/XLSX export, all from the site's one list machinery (claimdesk.lists through
registry.viewsets.ScopedReadonlyViewset: registry.scope restricts every row, so a township's
staff see only their township's notices).

A notice's staff page shows its state and, while approved but not yet published, whether its
PDF job failed (`pdf_error`), with the retry button for the supervision committee
(notices.views.retry_publication). The published notice itself is the public page.
"""
import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, Filter, FilterSet, ModelChoiceFilter
from viewflow import Icon

from notices.choices import NoticeState
from notices.ledger import yuan
from notices.models import Notice, NoticeLine
from registry.models import Township
from registry.viewsets import ScopedDetailView, ScopedReadonlyViewset


class MonthField(forms.CharField):
    """A month typed as YYYY-MM, cleaned to its first day (a notice's `month`)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return dt.datetime.strptime(value.strip(), "%Y-%m").date()
        except ValueError:
            raise ValidationError(_("Give the month as YYYY-MM, not %(text)s.")
                                  % {"text": value}) from None


class MonthFilter(Filter):
    field_class = MonthField


class NoticeFilter(FilterSet):
    township = ModelChoiceFilter(queryset=Township.objects.order_by("code"),
                                 label=_("township"))
    month = MonthFilter(label=_("month"), help_text=_("YYYY-MM"))
    state = ChoiceFilter(choices=NoticeState.choices, label=_("state"))

    class Meta:
        model = Notice
        fields = ("township", "month", "state")


class NoticeLineFilter(FilterSet):
    township = ModelChoiceFilter(field_name="notice__township",
                                 queryset=Township.objects.order_by("code"),
                                 label=_("township"))
    month = MonthFilter(field_name="notice__month", label=_("month"),
                        help_text=_("YYYY-MM"))
    state = ChoiceFilter(field_name="notice__state", choices=NoticeState.choices,
                         label=_("state"))

    class Meta:
        model = NoticeLine
        fields = ("township", "month", "state")


class AmountColumns:
    """The two money columns a notice and each of its lines carry, sortable by their fen."""

    def total_cost(self, row):
        return yuan(row.total_cost_fen)

    total_cost.short_description = _("Total cost (yuan)")
    total_cost.column_type = "numeric"
    total_cost.orderby_column = "total_cost_fen"

    def reimbursed(self, row):
        return yuan(row.reimbursed_fen)

    reimbursed.short_description = _("Reimbursed (yuan)")
    reimbursed.column_type = "numeric"
    reimbursed.orderby_column = "reimbursed_fen"


class NoticeDetailView(ScopedDetailView):
    """The notice's fields (its PDF bytes left out: the public page serves them)."""

    def get_object_data(self):
        return [row for row in super().get_object_data() if row[0].name != "pdf"]


class NoticeViewset(AmountColumns, ScopedReadonlyViewset):
    icon = Icon("article")
    model = Notice
    detail_view_class = NoticeDetailView
    list_columns = ("id", "township", "month_shown", "state", "erratum_of", "claim_count",
                    "total_cost", "reimbursed", "published_at", "pdf_sha256")
    list_object_link_columns = ("id",)
    list_select_related = ("township",)
    list_filterset_class = NoticeFilter
    list_keyset = True

    def month_shown(self, notice):
        return f"{notice.month:%Y-%m}"

    month_shown.short_description = _("month")
    month_shown.orderby_column = "month"


class NoticeLineViewset(AmountColumns, ScopedReadonlyViewset):
    icon = Icon("format_list_numbered")
    model = NoticeLine
    list_columns = ("notice", "line_no", "claim_id", "masked_name", "village", "hospital_name",
                    "claim_type", "total_cost", "reimbursed", "paid_on")
    list_search_fields = ("claim_id",)
    list_select_related = ("notice__township", "village")
    list_filterset_class = NoticeLineFilter
    list_keyset = True

    def get_base_queryset(self):
        return super().get_base_queryset().order_by("notice", "line_no")
