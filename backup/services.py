"""Back up and restore ClaimDesk: the database's rows and the stored files, with a manifest.

A backup directory holds `database.jsonl.gz` (every row, Django's dumpdata with natural keys
for content types and permissions), `media/` (a copy of MEDIA_ROOT: case evidence and other
uploads; notice PDFs are rows) and `manifest.json` (each file's SHA-256, the applied
migrations and the row count of every model).

Why dumpdata rather than pg_dump: one format and one code path for SQLite and PostgreSQL, so
the same backup test runs on both; the schema comes from our migrations, so a dump holds only
data and restores into a database migrated by the same code; and it needs no client binary
matching the server's version. The price is speed: loaddata inserts row by row (see the
README's drill for the demo county's figures); a province-sized fund adds pg_dump of the
whole server as its disaster copy.

Restore changes nothing unless the whole backup verifies, the target has the same migrations
and no users yet (a freshly migrated database), and MEDIA_ROOT is empty; the rows load in one
transaction whose counts must equal the manifest's.
"""
from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from audit import services as audit
from backup.manifest import BackupInvalid, verify, write

DATABASE = "database.jsonl.gz"
MEDIA = "media"
# Rebuilt by `migrate` in the target (content types, permissions, the role groups from
# registry.roles) or worthless there (sessions): never copied, referred to by natural key.
REBUILT = ["contenttypes", "auth.permission", "auth.group", "sessions"]


def _applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _row_counts() -> dict[str, int]:
    skipped = {label for label in REBUILT if "." in label}
    return {model._meta.label: model._base_manager.count()
            for model in apps.get_models()
            if model._meta.app_label not in REBUILT and model._meta.label_lower not in skipped
            and not model._meta.proxy and model._meta.managed}


@contextmanager
def snapshot():
    """One consistent picture of the whole database while it is counted and dumped, with
    clerks and workers writing meanwhile: on PostgreSQL a REPEATABLE READ READ ONLY
    transaction (every query sees the rows committed before its first one, and it takes no
    lock, so writers go on); on SQLite the transaction's immediate lock holds writers off
    until the dump ends. Inside a caller's transaction its picture is the one used."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def create(directory: Path, stdout=None) -> dict:
    """Write a backup into `directory` (created; it must not exist or be empty)."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupInvalid(f"{directory} is not empty: back up into a new directory")
    directory.mkdir(parents=True, exist_ok=True)
    with snapshot():
        counts = _row_counts()
        call_command("dumpdata", natural_foreign=True, use_base_manager=True,
                     exclude=REBUILT, format="jsonl", output=str(directory / DATABASE),
                     verbosity=0)
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, directory / MEDIA)
    manifest = write(directory, {
        "created_at": timezone.now().isoformat(), "engine": connection.vendor,
        "migrations": _applied_migrations(), "rows": counts})
    audit.record(None, "backup.create", ("backup", directory.name[:64]),
                 {"directory": str(directory.resolve()), "files": len(manifest["files"]),
                  "rows": sum(counts.values())})
    return manifest


def _check_target(manifest: dict) -> None:
    users = get_user_model()._base_manager.count()
    if users:
        raise BackupInvalid(f"the database already has {users} users: restore into a freshly "
                            "migrated, empty database")
    if manifest["engine"] != connection.vendor:
        raise BackupInvalid(f"the backup is of a {manifest['engine']} database; this one is "
                            f"{connection.vendor}")
    if manifest["migrations"] != _applied_migrations():
        raise BackupInvalid("the database's migrations differ from the backup's: run the same "
                            "version of ClaimDesk and `migrate` first")
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        raise BackupInvalid(f"MEDIA_ROOT ({media}) is not empty")


def restore(directory: Path) -> dict:
    """Load a verified backup into an empty database and MEDIA_ROOT; all or nothing."""
    directory = Path(directory)
    manifest = verify(directory)
    _check_target(manifest)
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media.parent))
    try:
        if (directory / MEDIA).is_dir():
            shutil.copytree(directory / MEDIA, staging / MEDIA)
        with transaction.atomic():
            call_command("loaddata", str(directory / DATABASE), verbosity=0)
            counts = _row_counts()
            if counts != manifest["rows"]:
                differ = sorted(label for label in counts.keys() | manifest["rows"].keys()
                                if counts.get(label) != manifest["rows"].get(label))
                raise BackupInvalid("rows loaded differ from the manifest for "
                                    + ", ".join(differ))
            audit.record(None, "backup.restore", ("backup", directory.name[:64]),
                         {"directory": str(directory.resolve()),
                          "created_at": manifest["created_at"], "rows": sum(counts.values())})
        if (staging / MEDIA).is_dir():
            media.mkdir(exist_ok=True)
            for item in (staging / MEDIA).iterdir():
                item.rename(media / item.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest
