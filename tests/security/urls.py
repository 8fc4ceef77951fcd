"""Every URL pattern of the project, found by walking the resolver (nothing listed by hand),
and the path values that open one real object of the test county in it.

A new page is covered as soon as it is in claimdesk.urls. When its path parameters cannot be
filled from what the view says about itself (a Viewflow or DRF view's model, a ModelAdmin's
model, a flow task's node), `fill` raises NoFiller naming the URL, so the test fails until a
rule is added here: a page is never skipped silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from viewflow.workflow.models import Task

from registry.scope import PATHS, is_visible


@dataclass(frozen=True)
class Page:
    name: str  # "namespace:name", for reverse()
    regex: str  # the whole path's regular expression
    callback: object

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(re.compile(self.regex).groupindex)

    @property
    def namespaces(self) -> list[str]:
        return self.name.split(":")[:-1]


class NoFiller(LookupError):
    pass


def pages(resolver=None, regex: str = "", namespace: tuple = ()) -> list[Page]:
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = regex + entry.pattern.regex.pattern.lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            inner = namespace + ((entry.namespace,) if entry.namespace else ())
            found += pages(entry, pattern, inner)
        elif isinstance(entry, URLPattern):
            name = ":".join(namespace + (entry.name or f"<unnamed {pattern}>",))
            found.append(Page(name, pattern.replace("\\Z", ""), entry.callback))
    return found


def view_model(callback):
    """The model a view shows, from what Django, Viewflow, DRF and the admin attach to it."""
    initkwargs = getattr(callback, "view_initkwargs", None) or {}
    if "model" in initkwargs:
        return initkwargs["model"]
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    queryset = getattr(view_class, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer_meta = getattr(getattr(view_class, "serializer_class", None), "Meta", None)
    if serializer_meta is not None:
        return serializer_meta.model
    if getattr(view_class, "model", None) is not None:
        return view_class.model
    model_admin = getattr(getattr(callback, "__wrapped__", None), "__self__", None)
    return getattr(model_admin, "model", None)


def flow_of(page: Page, all_pages: list[Page]):
    """The flow class of a Viewflow application's page (from its process_detail page)."""
    namespace = page.namespaces[0] if page.namespaces else ""
    for other in all_pages:
        if other.name == f"{namespace}:process_detail":
            return other.callback.view_initkwargs["flow_class"]
    return None


@dataclass
class Filled:
    kwargs: dict
    subject: object  # the object the page shows: whose scope decides who may open it


# A path parameter named so means this model and field, whatever the view.
PARAM_LOOKUPS = {
    "claim_id": ("workflow.Claim", "claim_id"),
    "referral_no": ("workflow.Referral", "referral_no"),
    "evidence_id": ("casework.Evidence", "pk"),
    "objection_id": ("notices.Objection", "pk"),
}
# The model of `pk` in an application's function views (a class-based view says its own).
NAMESPACE_MODELS = {
    "notices": "notices.Notice",
    "jobs": "jobs.Job",
    "registry:mergers": "registry.SchemeMerger",
    "transfers": "workflow.SchemeTransfer",
    "casework": "casework.Case",
}
# Parameters that are not objects: any valid value opens the page.
FIXED_VALUES = {"app_label": "registry", "scheme": "ncms", "action": "advance",
                "url": "registry/"}


class Filler:
    """Path values for a page, taken from the objects of the test county (a T01 / H2 world)."""

    def __init__(self, all_pages: list[Page], owner_users):
        self.all_pages = all_pages
        self.owner_users = owner_users  # users whose scope the chosen objects should be in

    def an_object(self, model):
        """An object of the model inside the owners' scope (a T01 or H2 object), or any."""
        queryset = model._default_manager.order_by("pk")
        if model._meta.label in PATHS:
            for user in self.owner_users:
                for obj in queryset[:50]:
                    if is_visible(user, obj):
                        return obj
        obj = queryset.first()
        if obj is None:
            raise NoFiller(f"the test county has no {model._meta.label}: add one to "
                           "tests/security/world.py")
        return obj

    def task_for(self, page: Page):
        flow = flow_of(page, self.all_pages)
        if flow is None:
            raise NoFiller(f"{page.name}: no flow found for its process_pk/task_pk")
        tasks = Task.objects.filter(process__flow_class=flow).order_by("pk")
        node = getattr(flow, page.namespaces[-1], None) if len(page.namespaces) > 1 else None
        task = (tasks.filter(flow_task=node).first() if node is not None else None) \
            or tasks.first()
        if task is None:
            raise NoFiller(f"{page.name}: the test county has no task of {flow.__name__}")
        return task

    def model_for(self, page: Page, param: str):
        """(model, field) whose value the parameter takes."""
        if param in PARAM_LOOKUPS:
            label, field = PARAM_LOOKUPS[param]
            return apps.get_model(label), field
        model = view_model(page.callback)
        admin_path = re.match(r"admin/(\w+)/(\w+)/", page.regex)
        if model is None and admin_path:  # the admin's redirects to a change page
            model = apps.get_model(*admin_path.groups())
        namespace = ":".join(page.namespaces)
        for prefix, label in NAMESPACE_MODELS.items():
            if model is None and (namespace + ":").startswith(prefix + ":"):
                model = apps.get_model(label)
        if model is None or param not in ("pk", "object_id", "id"):
            raise NoFiller(f"{page.name} ({page.regex}): cannot fill {param!r}; add a rule "
                           "to tests/security/urls.py")
        return model, getattr(getattr(page.callback, "cls", None), "lookup_field", "pk")

    def fill(self, page: Page) -> Filled:
        params = page.params
        if set(params) and set(params) <= {"process_pk", "task_pk"}:
            task = self.task_for(page)
            kwargs = {"process_pk": task.process_id, "task_pk": task.pk}
            return Filled({k: v for k, v in kwargs.items() if k in params}, task)
        if set(params) == {"content_type_id", "object_id"}:  # the admin's "view on site"
            person = self.an_object(apps.get_model("registry", "Person"))
            return Filled({"content_type_id": ContentType.objects.get_for_model(person).pk,
                           "object_id": person.pk}, person)
        kwargs, subject = {}, None
        for param in params:
            if param in FIXED_VALUES:
                kwargs[param] = FIXED_VALUES[param]
                continue
            model, field = self.model_for(page, param)
            obj = self.an_object(model)
            kwargs[param] = getattr(obj, field)
            subject = subject or obj  # the first object of the path (its case, its notice)
        return Filled(kwargs, subject)


def url_of(page: Page, filled: Filled) -> str:
    """The page's path with its groups replaced by the values (unnamed patterns included)."""
    path, position = "", 0
    for match in re.finditer(r"\(\?P<(\w+)>", page.regex):
        if match.start() < position:
            continue
        depth, end = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(page.regex[end], 0)
            end += 1
        path += page.regex[position:match.start()] + str(filled.kwargs[match.group(1)])
        position = end
    path += page.regex[position:]
    return "/" + path.replace("\\", "")


def artifact_of(task: Task):
    """The domain record a flow task works on (the claim review, notice, referral, transfer
    ... pointing at its process), which decides its scope."""
    process = task.process
    for relation in process._meta.related_objects:
        if relation.related_model._meta.label not in PATHS or relation.related_model is Task:
            continue
        record = relation.related_model._base_manager.filter(
            **{relation.field.name: process.pk}).first()
        if record is not None:
            return record
    raise NoFiller(f"no scoped record points at process {process.pk} of {process.flow_class}")


def subject_visible(user, subject) -> bool:
    """May the user see the object, by registry.scope? A model the scope does not know is
    county-only (fraud alerts, payment batches): township and hospital staff may not."""
    if subject is None:
        return True
    if isinstance(subject, Task):
        subject = artifact_of(subject)
    if type(subject)._meta.label not in PATHS:
        return False
    return is_visible(user, subject)
