"""The claim review flow: one process per claim that needs a person (DOMAIN.md "Approval
levels for claims").

Every human step sends the process back to `route`, which reads the claim and its review
(workflow.models.ClaimReview) and opens the next step: the level now reviewing, the
correction after a return, or an end. The path itself (first and last level) was fixed when
the review started, from the approval matrix (benefits' stored approval level) and the fraud
flags (workflow.services.route_claims). A claim that needs nobody never gets a process.

Deciding a step is done by workflow.services.decide (the one door for pages, API and
commands); the step views only collect the decision. Locking: select_for_update on the process
row (PostgreSQL), so two people acting on one task at once cannot both succeed.
"""
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import select_for_update_lock
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS

from claimdesk.flow_steps import GuardedStep
from registry.scope import is_visible
from workflow import views
from workflow.bulk import db_datetime, db_json, insert_rows
from workflow.choices import ClaimState
from workflow.models import REVIEW_PERMISSIONS, ClaimReview


class ClaimProcess(Process):
    """Thin proxy: the domain record is `claim_review` (a ClaimReview, one per process)."""

    class Meta:
        proxy = True
        verbose_name = _("claim review process")
        verbose_name_plural = _("claim review processes")


class ReviewStep(GuardedStep):
    """A level's review task, for holders of that level's permission who can see the claim."""

    def __init__(self, level: int, title):
        super().__init__(views.ReviewTaskView.as_view(), in_scope)
        self.level = level
        self.Permission(REVIEW_PERMISSIONS[level]).Annotation(title=title)


def in_scope(user, task) -> bool:
    """Only people who can see the claim (own township for clerks and township leaders,
    DOMAIN.md "Who uses it") are offered its steps."""
    return is_visible(user, task.process.claim_review.claim)


def state_is(state):
    return lambda activation: activation.process.claim_review.claim.state == state


def level_is(level: int):
    return lambda activation: activation.process.claim_review.next_level == level


class ClaimFlow(flow.Flow):
    process_class = ClaimProcess
    lock_impl = select_for_update_lock
    process_title = _("Claim review")
    process_description = _("Clerk, township leader, county director and leading group, as "
                            "the approval matrix requires; appeals one level up.")

    # One node a line: permission or assignment, next step; the comment names the role and
    # the due date. Every human step returns to `route`; the path was fixed at the start.
    start = flow.StartHandle(this.begin).Next(this.route)  # services.route_claims / appeal
    route = (flow.Switch()
             .Case(this.correct, state_is(ClaimState.RETURNED))  # back to the clerk
             .Case(this.approved, state_is(ClaimState.APPROVED))  # last level approved
             .Case(this.rejected, state_is(ClaimState.REJECTED))  # any level rejected
             .Case(this.clerk, level_is(1))
             .Case(this.leader, level_is(2))
             .Case(this.director, level_is(3))
             .Case(this.committee, level_is(4)))
    clerk = ReviewStep(1, _("Clerk review")).Next(this.route)  # township clerk; due_on
    leader = ReviewStep(2, _("Township leader signs")).Next(this.route)  # over 1,000; due_on
    director = ReviewStep(3, _("County director approves")).Next(this.route)  # 15,000+; due_on
    committee = ReviewStep(4, _("Leading group decides")).Next(this.route)  # 30,000+; due_on
    correct = (GuardedStep(views.CorrectTaskView.as_view(), in_scope)  # township clerk; due_on
               .Permission("workflow.change_claim").Annotation(title=_("Correct and resubmit"))
               .Next(this.route))
    approved = flow.End()  # ready for a payment batch
    rejected = flow.End()  # appealable once (services.appeal starts a new process)

    def has_view_permission(self, user, obj=None):
        """Whoever reads claims opens the review application; its lists are then scoped, and
        one process (its page, chart and task pages) only for who may see its claim."""
        return (user.is_authenticated and user.has_perm("workflow.view_claim")
                and (obj is None or is_visible(user, obj.claim_review.claim)))

    def begin(self, activation, **review):
        """Save the process and its ClaimReview (fields from services), so `route` reads it."""
        activation.process.save()
        return ClaimReview.objects.create(process=activation.process, **review)


STEP_OF_LEVEL = {1: ClaimFlow.clerk, 2: ClaimFlow.leader, 3: ClaimFlow.director,
                 4: ClaimFlow.committee}


def start_many(reviews: list[ClaimReview]) -> None:
    """Start a ClaimFlow process for each unsaved ClaimReview, in bulk.

    Writes exactly the rows `ClaimFlow.start.run` writes for one claim (the process, the
    start and route tasks done, the first level's task open with its permission, the links
    between them) with a few multi-row INSERTs instead of a dozen queries per claim, so an
    import of 100,000 claims is routed within the minute (bench/review.py).
    """
    if not reviews:
        return
    now = timezone.now()
    at = db_datetime(now)
    flow_class = Process._meta.get_field("flow_class").get_prep_value(ClaimFlow)
    empty = db_json(Process, "data", {})
    last = Process.objects.aggregate(last=Max("pk"))["last"] or 0
    insert_rows(Process, ("flow_class", "status", "created", "data"),
                [(flow_class, PROCESS.NEW, at, empty)] * len(reviews))
    process_ids = list(Process.objects.filter(pk__gt=last, flow_class=ClaimFlow, created=now)
                       .order_by("pk").values_list("pk", flat=True))
    insert_rows(ClaimReview, (
        "claim_id", "process_id", "is_appeal", "flagged", "first_level", "top_level",
        "next_level", "due_on", "township_id"), [
        (r.claim_id, pid, r.is_appeal, r.flagged, r.first_level, r.top_level, r.next_level,
         r.due_on, r.township_id) for r, pid in zip(reviews, process_ids)])
    node = Task._meta.get_field("flow_task").get_prep_value
    start, route = node(ClaimFlow.start), node(ClaimFlow.route)
    steps = {level: (node(step), step._owner_permission) for level, step in STEP_OF_LEVEL.items()}
    token, task_data = "start", db_json(Task, "data", {})
    rows = []
    for review, pid in zip(reviews, process_ids):
        step, permission = steps[review.next_level]
        rows += [(pid, start, "START", STATUS.DONE, at, at, at, None, token, task_data),
                 (pid, route, "SWITCH", STATUS.DONE, at, None, at, None, token, task_data),
                 (pid, step, "HUMAN", STATUS.NEW, at, None, None, permission, token, task_data)]
    insert_rows(Task, ("process_id", "flow_task", "flow_task_type", "status", "created",
                       "started", "finished", "owner_permission", "token", "data"), rows)
    task_ids = list(Task.objects.filter(process_id__gte=process_ids[0],
                                        process_id__lte=process_ids[-1], created=now)
                    .order_by("process_id", "pk").values_list("pk", flat=True))
    insert_rows(Task.previous.through, ("from_task_id", "to_task_id"), [
        (task_ids[i + later], task_ids[i + later - 1])
        for i in range(0, len(task_ids), 3) for later in (1, 2)])
