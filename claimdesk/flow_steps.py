"""The human step every flow here uses: Viewflow's permission check, and one more condition.

Viewflow offers a task to whoever holds its step's permission, in any township; here a step
also asks its own question of the user and the task (the claim or notice in the user's scope,
the office whose turn it is, an officer who may still sign the merger), for both taking a task
and doing it, so neither the queue nor a typed URL gets round it.
"""
from collections.abc import Callable

from viewflow.workflow import flow


class GuardedStep(flow.View):
    def __init__(self, view, guard: Callable[[object, object], bool], **kwargs):
        super().__init__(view, **kwargs)
        self.guard = guard

    def can_assign(self, user, task):
        return super().can_assign(user, task) and self.guard(user, task)

    def can_execute(self, user, task):
        return super().can_execute(user, task) and self.guard(user, task)
