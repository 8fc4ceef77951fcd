"""Completing a Viewflow human task from a service (the one door), not from Viewflow's views.

The services (workflow.services, workflow.transfers, registry.mergers) check the task, change
the domain record and write the audit row under the process lock; then they complete the task
as the user who acted, which opens the flow's next step in the same transaction.
"""
from viewflow.workflow.status import STATUS


def complete(task, user) -> None:
    """Take the task for `user` if nobody has, then finish it: the flow moves on."""
    activation = task.flow_task.activation_class(task)
    if task.status == STATUS.NEW:
        activation.assign(user)
    activation.start(None)
    activation.execute()
