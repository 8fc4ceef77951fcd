"""Read-only registry pages of the Viewflow site, every one restricted by registry.scope.

`ScopedReadonlyViewset` is the one base for list and detail pages of any app: its list starts
from `restrict(...)` and its detail from `get_object_or_deny(...)` (STYLE.md: one permission
and scope check), and each viewset names the relations its list shows, so a page of rows costs
a fixed number of queries (STYLE.md: no N+1).
"""
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import ReadonlyModelViewset
from viewflow.views import DetailModelView

from claimdesk.lists import ListView
from registry.models import Certificate, Enrolment, Hospital, Household, Person
from registry.scope import get_object_or_deny, restrict


class ScopedDetailView(DetailModelView):
    """A detail page: the model permission first, then the scope (403 outside it)."""

    def get_object(self):
        if not self.has_view_permission(self.request.user):
            raise PermissionDenied
        return get_object_or_deny(self.viewset.get_base_queryset(), self.request.user,
                                  pk=unquote(self.kwargs["pk"]))


class ScopedReadonlyViewset(ReadonlyModelViewset):
    """List and detail of a model, showing only the rows in the user's scope."""

    detail_view_class = ScopedDetailView
    list_view_class = ListView  # filter, sort, export; keyset pages when list_keyset
    list_select_related: tuple[str, ...] = ()
    list_keyset = False

    def get_base_queryset(self):
        return self.model._default_manager.select_related(*self.list_select_related)

    def get_queryset(self, request):
        return restrict(self.get_base_queryset(), request.user)


class PersonViewset(ScopedReadonlyViewset):
    icon = Icon("person")
    model = Person
    list_columns = ("full_name", "person_id", "sex", "birth_date", "village", "township")
    list_object_link_columns = ("full_name", "person_id")
    list_search_fields = ("person_id", "name")
    list_select_related = ("household__village", "household__township")
    list_filter_fields = ("sex", "household__township")
    list_keyset = True

    def full_name(self, person):
        return person.name

    full_name.short_description = _("Name")
    full_name.orderby_column = "name"

    def village(self, person):
        return person.household.village

    village.short_description = _("Village")

    def township(self, person):
        return person.household.township

    township.short_description = _("Township")


class HouseholdViewset(ScopedReadonlyViewset):
    icon = Icon("home")
    model = Household
    list_columns = ("household_id", "township", "village")
    list_search_fields = ("household_id",)
    list_select_related = ("township", "village")


class HospitalViewset(ScopedReadonlyViewset):
    icon = Icon("local_hospital")
    model = Hospital
    list_columns = ("code", "name", "level", "kind", "nonprofit", "in_county", "township")
    list_object_link_columns = ("code", "name")
    list_search_fields = ("code", "name")
    list_select_related = ("township",)


class EnrolmentViewset(ScopedReadonlyViewset):
    icon = Icon("how_to_reg")
    model = Enrolment
    list_columns = ("__str__", "person", "scheme", "year", "tier", "township", "village",
                    "certificate", "enrolled_from", "enrolled_to")
    list_search_fields = ("person__person_id", "person__name")
    list_select_related = ("person", "township", "village", "certificate")


class CertificateViewset(ScopedReadonlyViewset):
    icon = Icon("badge")
    model = Certificate
    list_columns = ("number", "person", "status")
    list_search_fields = ("number", "person__person_id", "person__name")
    list_select_related = ("person",)
