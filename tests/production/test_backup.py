"""backup / restore: the rows and stored files come back whole into an empty database, and a
backup altered in any byte is refused before anything changes.

Transactional: emptying the database (`flush`) cannot run inside a test's transaction on
PostgreSQL.
"""
import gzip
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from audit.models import AuditEntry
from backup.manifest import MANIFEST
from backup.services import DATABASE
from tests.workflow.claims import make_claim
from tests.workflow.conftest import open_task
from workflow.models import BillLine, Claim, ClaimTransition
from workflow.services import decide

EVIDENCE = "casework/evidence/2025/03/scan.pdf"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / EVIDENCE).parent.mkdir(parents=True)
    (settings.MEDIA_ROOT / EVIDENCE).write_bytes(b"%PDF-1.4 evidence")
    return settings.MEDIA_ROOT


@pytest.fixture
def filled(policy_tables, county, media):
    claim = make_claim(county, "li_na", 30000, hospital="H2")
    decide(open_task(claim).pk, county.staff["clerk_t01"], "approved")
    make_claim(county, "zhang_wei", 500)
    return county


def figures() -> dict:
    return {
        "users": get_user_model().objects.count(),
        "claims": Claim.objects.count(),
        "claim_states": sorted(Claim.objects.values_list("claim_id", "state")),
        "total_fen": Claim.objects.aggregate(total=Sum("total_fen"))["total"],
        "bill_fen": BillLine.objects.aggregate(total=Sum("amount_fen"))["total"],
        "transitions": ClaimTransition.objects.count(),
        "passwords": sorted(get_user_model().objects.values_list("username", "password")),
    }


def empty_everything(media):
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_backup_then_restore_into_an_empty_database_gives_the_same_figures(filled, media,
                                                                          tmp_path):
    before = figures()
    call_command("backup", str(tmp_path / "backup"), stdout=open("/dev/null", "w"))
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert {DATABASE, f"media/{EVIDENCE}"} <= manifest["files"].keys()
    assert manifest["rows"]["workflow.Claim"] == before["claims"]

    empty_everything(media)
    assert Claim.objects.count() == 0 and not (media / EVIDENCE).exists()
    call_command("restore", str(tmp_path / "backup"), stdout=open("/dev/null", "w"))

    assert figures() == before
    assert (media / EVIDENCE).read_bytes() == b"%PDF-1.4 evidence"
    restored = AuditEntry.objects.get(action="backup.restore")
    assert restored.changes["rows"] == sum(manifest["rows"].values())
    clerk = get_user_model().objects.get(username="clerk_t01")
    assert clerk.groups.get().name == "clerk"


@pytest.mark.parametrize("damage", ["database", "evidence", "extra file", "missing file"])
def test_a_tampered_backup_is_refused_and_changes_nothing(filled, media, tmp_path, damage):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))
    if damage == "database":
        rows = gzip.decompress((backup / DATABASE).read_bytes())
        assert b'"total_fen": 3000000' in rows
        forged = rows.replace(b'"total_fen": 3000000', b'"total_fen": 3900000')
        (backup / DATABASE).write_bytes(gzip.compress(forged))
    elif damage == "evidence":
        (backup / "media" / EVIDENCE).write_bytes(b"%PDF-1.4 forged")
    elif damage == "extra file":
        (backup / "media" / "casework" / "planted.pdf").write_bytes(b"%PDF-1.4")
    else:
        (backup / "media" / EVIDENCE).unlink()
    empty_everything(media)

    with pytest.raises(CommandError, match="Nothing was restored: the backup is not intact"):
        call_command("restore", str(backup))
    assert get_user_model().objects.count() == 0
    assert Claim.objects.count() == 0
    assert not any(media.rglob("*"))


def test_restore_refuses_a_database_in_use(filled, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=open("/dev/null", "w"))
    users = get_user_model().objects.count()
    with pytest.raises(CommandError, match="already has .* users"):
        call_command("restore", str(tmp_path / "backup"))
    assert get_user_model().objects.count() == users


def test_backup_refuses_a_directory_with_files(filled, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "keep.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "old"))
