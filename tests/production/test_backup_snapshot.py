"""A backup of a live PostgreSQL database is one snapshot: a write committed by another
connection while the dump runs is wholly absent from it (its counts and rows agree), never
half there. PostgreSQL only: SQLite's backup transaction holds writers off instead."""
import gzip
import json
import threading

import pytest
from django.core.management import call_command as real_call_command
from django.db import connection, transaction

from backup import services
from backup.manifest import MANIFEST
from registry.choices import HospitalKind
from registry.models import Hospital, Township

pytestmark = pytest.mark.django_db(transaction=True)


def commit_a_township_and_its_hospital() -> None:
    """Another user's write, in its own connection (another thread), two tables at once."""
    def write():
        try:
            with transaction.atomic():
                township = Township.objects.create(code="T99", name="Late township")
                Hospital.objects.create(code="H99", name="Late hospital", level=1,
                                        kind=HospitalKind.TOWNSHIP_HEALTH_CENTRE, township=township)
        finally:
            connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()


def test_a_write_committed_during_the_dump_is_not_half_included(county, tmp_path,
                                                                 monkeypatch, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the snapshot transaction is PostgreSQL's; SQLite locks writers out")
    settings.MEDIA_ROOT = tmp_path / "media"

    def dump_after_a_concurrent_write(*args, **kwargs):
        commit_a_township_and_its_hospital()  # the counts are taken, the dump not yet
        return real_call_command(*args, **kwargs)

    monkeypatch.setattr(services, "call_command", dump_after_a_concurrent_write)

    services.create(tmp_path / "backup")

    assert Hospital.objects.filter(code="H99", township="T99").exists()  # it did commit
    with gzip.open(tmp_path / "backup" / services.DATABASE, "rt") as dump:
        rows = [json.loads(line) for line in dump]
    dumped = {(row["model"], row["pk"]) for row in rows}
    assert ("registry.township", "T99") not in dumped
    assert ("registry.hospital", "H99") not in dumped
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    for label in ("registry.Township", "registry.Hospital"):
        assert manifest["rows"][label] == sum(
            1 for model, _pk in dumped if model == label.lower())
