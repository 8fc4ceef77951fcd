"""ClaimDesk project package; loading it loads the Celery app, so `shared_task`s bind to it."""
from claimdesk.celery import app as celery_app

__all__ = ["celery_app"]
