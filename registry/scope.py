"""Which rows a user may see: one mechanism for pages, the API and commands (STYLE.md).

Start every list from `restrict(queryset, user)` and every object view from
`get_object_or_deny(queryset, user, **lookup)`. A role's reach comes from registry.roles
(DOMAIN.md "Who uses it"): township staff see their township's rows, hospital administrators
their hospital's rows, county-wide roles and administrators everything, and a user without a
StaffProfile (or an inactive one) nothing.

Each model says, in `PATHS`, how its rows reach a township and a hospital. A model missing from
the table raises instead of showing everything; other apps add theirs with `register()` from
their AppConfig.ready().
"""
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, PermissionDenied
from django.db.models import Q
from django.http import Http404

from registry.choices import ScopeKind
from registry.roles import scope_kind

EVERY_ROW = "*"
"""A path meaning "every row": reference data the scope kind may read in full."""


@dataclass(frozen=True)
class Paths:
    """ORM paths from a model to a township and to a hospital; any one path matching admits a row.

    An empty tuple means the scope kind sees none of the model's rows.
    """

    township: tuple[str, ...] = ()
    hospital: tuple[str, ...] = ()


PERSON_TOWNSHIP = "household__township"
PERSON_HOSPITAL = ("claims__hospital", "referrals__from_hospital", "referrals__to_hospital")
"""A hospital sees the people it treated (claims) or referred or received (referrals)."""


def _via(prefix: str, paths: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{prefix}__{path}" for path in paths)


PATHS: dict[str, Paths] = {
    "registry.Township": Paths(township=("pk",)),
    "registry.Village": Paths(township=("township",)),
    "registry.Household": Paths(township=("township",),
                                hospital=_via("members", PERSON_HOSPITAL)),
    "registry.Person": Paths(township=(PERSON_TOWNSHIP,), hospital=PERSON_HOSPITAL),
    "registry.Certificate": Paths(township=(f"person__{PERSON_TOWNSHIP}",),
                                  hospital=_via("person", PERSON_HOSPITAL)),
    "registry.CertificateStatusChange": Paths(
        township=(f"certificate__person__{PERSON_TOWNSHIP}",)),
    "registry.Enrolment": Paths(township=("township",), hospital=_via("person", PERSON_HOSPITAL)),
    "registry.ChronicDiseaseCard": Paths(township=(f"person__{PERSON_TOWNSHIP}",),
                                         hospital=_via("person", PERSON_HOSPITAL)),
    # Hospitals are reference data for township staff, who register claims at any of them.
    "registry.Hospital": Paths(township=(EVERY_ROW,), hospital=("pk",)),
    "registry.StaffProfile": Paths(township=("township",), hospital=("hospital",)),
    "registry.DeclaredRelation": Paths(township=(f"person__{PERSON_TOWNSHIP}",)),
    "registry.ImportRun": Paths(),
    "registry.SchemeMerger": Paths(),  # county-wide officers sign the hand-over (seed 004)
    "workflow.Claim": Paths(township=(f"person__{PERSON_TOWNSHIP}",), hospital=("hospital",)),
    "workflow.BillLine": Paths(township=(f"claim__person__{PERSON_TOWNSHIP}",),
                               hospital=("claim__hospital",)),
    "workflow.Referral": Paths(township=(f"person__{PERSON_TOWNSHIP}",),
                               hospital=("from_hospital", "to_hospital")),
    "workflow.ReviewDecision": Paths(township=(f"claim__person__{PERSON_TOWNSHIP}",),
                                     hospital=("claim__hospital",)),
    "audit.AuditEntry": Paths(),
}


def register(model_label: str, paths: Paths) -> None:
    """Declare another app's model ("app.Model") and its paths to a township and a hospital."""
    PATHS[model_label] = paths


def extend(model_label: str, paths: Paths) -> None:
    """Add paths to a model another app declared: viewflow.Task reaches a township through
    each flow's own process record (a claim review, a notice), declared by the app owning it."""
    known = PATHS[model_label]
    PATHS[model_label] = Paths(township=known.township + paths.township,
                               hospital=known.hospital + paths.hospital)


def _reach(user) -> tuple[ScopeKind | None, str | None]:
    """(scope kind, township or hospital code) of a user; (None, None) sees nothing."""
    if not user.is_authenticated or not user.is_active:
        return None, None
    if user.is_superuser:
        return ScopeKind.ALL, None
    profile = getattr(user, "staff", None)
    if profile is None:
        return None, None
    kind = scope_kind(profile.role)
    if kind == ScopeKind.COUNTY_OR_TOWNSHIP:
        kind = ScopeKind.TOWNSHIP if profile.township_id else ScopeKind.COUNTY
    if kind == ScopeKind.TOWNSHIP:
        return (kind, profile.township_id) if profile.township_id else (None, None)
    if kind == ScopeKind.HOSPITAL:
        return (kind, profile.hospital_id) if profile.hospital_id else (None, None)
    return kind, None


def _is_multivalued(model, path: str) -> bool:
    """Does the path cross a one-to-many or many-to-many relation (so a join repeats rows)?"""
    for name in path.split("__"):
        if name == "pk":
            return False
        field = model._meta.get_field(name)
        if field.one_to_many or field.many_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def _condition(model, paths: tuple[str, ...], code: str) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        if path == EVERY_ROW:
            return Q()
        if _is_multivalued(model, path):
            matching = model._base_manager.filter(**{path: code}).values("pk")
            condition |= Q(pk__in=matching)
        else:
            condition |= Q(**{path: code})
    return condition


def restrict(queryset, user):
    """The rows of `queryset` the user may see (DOMAIN.md "Who uses it", column scope)."""
    model = queryset.model
    try:
        paths = PATHS[model._meta.label]
    except KeyError:
        raise ImproperlyConfigured(
            f"registry.scope has no paths for {model._meta.label}; add them to PATHS") from None
    kind, code = _reach(user)
    if kind is None:
        return queryset.none()
    if kind in (ScopeKind.ALL, ScopeKind.COUNTY):
        return queryset
    reach = paths.township if kind == ScopeKind.TOWNSHIP else paths.hospital
    return queryset.filter(_condition(model, reach, code))


def get_object_or_deny(queryset, user, **lookup):
    """The object matching `lookup`; Http404 if there is none, PermissionDenied if out of scope."""
    try:
        obj = queryset.get(**lookup)
    except ObjectDoesNotExist:
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the lookup") from None
    if not is_visible(user, obj):
        raise PermissionDenied
    return obj


def remember_visible(user, objects) -> None:
    """Note that `objects` came from `restrict(..., user)`, so `is_visible` answers for them
    without a query: a page that lists rows and then asks about each one (Viewflow's task
    cards ask whether the user may take, do or view every task) stays at a fixed number of
    queries. The note lives on this request's user object, so it ends with the request."""
    seen = getattr(user, "_scope_visible", None)
    if seen is None:
        seen = set()
        user._scope_visible = seen
    seen.update((obj._meta.label, obj.pk) for obj in objects)


def is_visible(user, obj) -> bool:
    """Whether one object is inside the user's scope (for API permission classes and checks)."""
    if (obj._meta.label, obj.pk) in (getattr(user, "_scope_visible", None) or ()):
        return True
    return restrict(type(obj)._base_manager.filter(pk=obj.pk), user).exists()
