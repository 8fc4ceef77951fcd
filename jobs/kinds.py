"""What each kind of job does: its batches (planned once, when the job is created) and the
work of one batch, done by the owning app's services (DESIGN.md: apps call services).

A batch's work runs inside the transaction that writes its marker (jobs.services), so it
must be all or nothing and must not commit on its own.

Each kind imports its app's services when it plans or runs, never at module level: a worker
(or a web process starting a job) loads only what its jobs do, so rendering notice PDFs does
not carry the pandas and scikit-learn of imports and fraud scoring (about 250 MB).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import default_storage

from jobs.choices import JobKind

SCORE_AFTER_IMPORT = "score"


@dataclass(frozen=True)
class Kind:
    plan: Callable[[dict], list[str]]
    run_batch: Callable[[str, dict, object, dict], dict]
    """(batch key, job params, actor, results of the job's finished batches) -> result."""


# Import: one batch per contract file (each already all or nothing), then one scoring batch.

def plan_import(params: dict) -> list[str]:
    from registry import services as registry

    files = registry.contract_files(params["directory"])
    return [f"file:{kind}:{path.name}" for kind, path in files] + [SCORE_AFTER_IMPORT]


def import_batch(key: str, params: dict, actor, results: dict) -> dict:
    from fraud import services as fraud
    from registry import services as registry

    if key == SCORE_AFTER_IMPORT:
        runs = registry.import_runs([r["import_run"] for r in results.values()
                                     if "import_run" in r])
        return {"scoring_runs": [run.pk for run in fraud.score_after_import(runs, actor)]}
    _file, kind, name = key.split(":", 2)
    run = registry.import_file(Path(params["directory"]) / name, kind, actor=actor,
                               file_name=params.get("names", {}).get(name))
    return {"import_run": run.pk, "status": run.status}


# Upload: an import of the directory registry.store_upload made under the media storage
# (MEDIA_ROOT, shared by the web and worker machines), with the names the files were
# uploaded under for the report.

def _stored(params: dict) -> dict:
    return {**params, "directory": default_storage.path(params["upload"])}


def plan_upload(params: dict) -> list[str]:
    return plan_import(_stored(params))


def upload_batch(key: str, params: dict, actor, results: dict) -> dict:
    return import_batch(key, _stored(params), actor, results)


# Scoring: one batch per year.

def plan_score(params: dict) -> list[str]:
    return [f"year:{year}" for year in params["years"]]


def score_batch(key: str, params: dict, actor, results: dict) -> dict:
    from fraud import services as fraud

    run = fraud.score(int(key.split(":")[1]), actor=actor)
    return {"scoring_run": run.pk, "alerts": run.alerts}


# Notices: one batch per township (DOMAIN.md: each township publishes its own notice).

def plan_notices(params: dict) -> list[str]:
    from notices import services as notices

    month = dt.date.fromisoformat(params["month"])
    notices.check_month_ended(month)
    return [f"township:{code}" for code in notices.townships_to_draft(month)]


def notices_batch(key: str, params: dict, actor, results: dict) -> dict:
    from notices import services as notices

    notice = notices.draft_township_month(key.split(":", 1)[1],
                                          dt.date.fromisoformat(params["month"]), actor)
    if notice is None:
        return {}
    return {"notice": notice.pk, "township": notice.township_id, "claims": notice.claim_count}


# Reminders: one batch per township office with overdue work.

def plan_reminders(params: dict) -> list[str]:
    from workflow import services as workflow

    today = dt.date.fromisoformat(params["today"])
    return [f"township:{code}" for code in sorted(workflow.overdue_by_office(today))]


def reminders_batch(key: str, params: dict, actor, results: dict) -> dict:
    from workflow import services as workflow

    code = key.split(":", 1)[1]
    overdue, reminded = workflow.remind_office(code, dt.date.fromisoformat(params["today"]))
    return {"overdue": overdue, "reminded": reminded}


# Notice PDFs: one batch, the approved notice (rendered, stored with its SHA-256, published;
# a failed rendering is recorded on the notice and returned: notices.publication.publish).

def plan_notice_pdfs(params: dict) -> list[str]:
    return [f"notice:{params['notice']}"]


def notice_pdfs_batch(key: str, params: dict, actor, results: dict) -> dict:
    from notices import publication

    return publication.publish(int(key.split(":", 1)[1]), actor)


KINDS: dict[str, Kind] = {
    JobKind.IMPORT: Kind(plan_import, import_batch),
    JobKind.UPLOAD: Kind(plan_upload, upload_batch),
    JobKind.SCORE: Kind(plan_score, score_batch),
    JobKind.NOTICES: Kind(plan_notices, notices_batch),
    JobKind.REMINDERS: Kind(plan_reminders, reminders_batch),
    JobKind.NOTICE_PDFS: Kind(plan_notice_pdfs, notice_pdfs_batch),
}
