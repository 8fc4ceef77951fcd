"""Row counts of every table a request or an import could write to, to prove that a rejected
file or request stored nothing."""
from django.apps import apps
from django.db import connection

from registry.models import ImportRun

WATCHED_APPS = {"registry", "workflow", "benefits", "fraud", "casework", "notices", "audit",
                "auth", "authtoken", "viewflow"}


def row_counts() -> dict[str, int]:
    """Rows per table (ImportRun aside: a rejected file keeps its report there)."""
    tables = set(connection.introspection.table_names())
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()
            if model._meta.app_label in WATCHED_APPS and model is not ImportRun
            and not model._meta.proxy and model._meta.db_table in tables}
