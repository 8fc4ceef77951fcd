"""The Celery application: configured from Django's settings (the CELERY_ names) and given
every app's `tasks.py`. With no CELERY_BROKER_URL tasks run inline (task_always_eager), so
a development checkout needs no broker."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimdesk.settings")

app = Celery("claimdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
