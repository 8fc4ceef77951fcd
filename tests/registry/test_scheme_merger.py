"""Scheme merger hand-over (seed 004): two rosters staged with their declared totals, a
reconciliation register (counts, sums in fen, duplicates, mismatches), two different officers
who did not stage it sign, each in a task of the MergerFlow process, and only then does the
merged roster go live."""
import csv
import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS

from audit.models import AuditEntry
from registry import mergers, resident_id
from registry.choices import MergerState, Role
from registry.merger_flow import MergerFlow
from registry.mergers import OPEN_TASK, PEOPLE_COLUMNS
from registry.models import (
    SIGN_OFF_PERMISSION, Enrolment, ImportRun, SchemeMerger, StagedEnrolment,
)

HEADER = PEOPLE_COLUMNS + ("premium",)


def pid(seq: int, birth=dt.date(1980, 1, 1), sex="M") -> str:
    return resident_id.make("500101", birth, seq, sex)


def row(seq, name, scheme, *, village="T01V01", household=None, tier="1", premium="100.00",
        enrolled_from="2025-01-01", enrolled_to="2025-12-31", sex="M"):
    birth = dt.date(1980, 1, 1)
    return {"person_id": pid(seq, birth, sex), "name": name, "sex": sex,
            "birth_date": birth.isoformat(), "household_id": household or f"CQ{seq:03d}",
            "township_code": village[:3], "village_code": village, "township_name": "",
            "village_name": "", "scheme": scheme, "year": "2025", "tier": tier, "categories": "",
            "veteran_category": "", "certificate_no": f"CQ-{scheme[:3]}-{seq}",
            "certificate_status": "valid", "enrolled_from": enrolled_from,
            "enrolled_to": enrolled_to, "chronic_diseases": "", "died_on": "",
            "premium": premium}


def csv_file(rows) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return io.BytesIO(text.getvalue().encode())


RURAL = [row(11, "赵一", "ncms"), row(12, "钱二", "ncms"),
         row(13, "孙三", "ncms", enrolled_to="2025-06-30")]
URBAN = [row(13, "孙叁", "urban_resident", premium="200.00", tier="2",
             enrolled_from="2025-07-01", village="T02V01"),
         row(14, "李四", "urban_resident", premium="200.00", tier="2", village="T02V01")]


@pytest.fixture
def merger(county):
    return mergers.create_merger("重庆城乡合并", 2025, "urban_rural_resident",
                                 county.staff["admin"])


def stage(county, merger, scheme, rows, count, premium_fen):
    return mergers.add_roster(merger.pk, scheme, csv_file(rows), f"{scheme}.csv", count,
                              premium_fen, county.staff["admin"])


@pytest.fixture
def staged(county, merger):
    assert stage(county, merger, "ncms", RURAL, 3, 30000).status == ImportRun.Status.LOADED
    assert stage(county, merger, "urban_resident", URBAN, 2, 40000).status == "loaded"
    return merger


@pytest.fixture
def deputy(county):
    return county.add_staff("deputy_director", Role.COUNTY_DIRECTOR)


def test_register_counts_sums_and_duplicates(staged):
    register = mergers.build_register(staged)
    assert [(r.scheme, r.received_count, r.received_premium_fen) for r in register.rosters] == [
        ("ncms", 3, 30000), ("urban_resident", 2, 40000)]
    assert register.reconciles and not register.problems
    assert len(register.merged) == 4
    (duplicate,) = register.duplicates
    assert (duplicate.person_id, duplicate.kept_scheme, duplicate.dropped_scheme) == (
        pid(13), "ncms", "urban_resident")
    assert duplicate.names == ("孙三", "孙叁") and duplicate.refund_fen == 20000
    assert set(duplicate.mismatches) == {"name", "tier", "township_code", "village_code"}
    assert register.merged_premium_fen == 50000 and register.refund_fen == 20000
    kept = next(cells for cells in register.merged if cells["person_id"] == pid(13))
    assert (kept["enrolled_from"], kept["enrolled_to"]) == ("2025-01-01", "2025-12-31")


@pytest.mark.parametrize("declared_count, declared_fen, words", [
    (4, 30000, "ncms: 3 people received, 4 declared."),
    (3, 30050, "ncms: contributions received 30000 fen, declared 30050 fen."),
])
def test_merger_that_does_not_reconcile_cannot_be_signed(county, merger, declared_count,
                                                        declared_fen, words):
    stage(county, merger, "ncms", RURAL, declared_count, declared_fen)
    stage(county, merger, "urban_resident", URBAN, 2, 40000)
    register = mergers.build_register(merger)
    assert not register.reconciles and words in register.problems
    with pytest.raises(ValidationError) as refused:
        mergers.sign(merger.pk, county.staff["director"])
    assert words in refused.value.messages
    merger.refresh_from_db()
    assert merger.state == MergerState.STAGED and merger.first_signed_by is None


def test_one_roster_alone_cannot_be_signed(county, merger):
    stage(county, merger, "ncms", RURAL, 3, 30000)
    with pytest.raises(ValidationError, match="at least two schemes"):
        mergers.sign(merger.pk, county.staff["director"])


def test_same_officer_cannot_sign_twice(county, staged):
    mergers.sign(staged.pk, county.staff["director"])
    with pytest.raises(PermissionDenied, match="second, different officer"):
        mergers.sign(staged.pk, county.staff["director"])
    staged.refresh_from_db()
    assert staged.state == MergerState.SIGNED_ONCE
    assert not Enrolment.objects.filter(scheme="urban_rural_resident").exists()


def test_merged_roster_goes_live_only_after_two_signatures(county, staged, deputy):
    assert not Enrolment.objects.filter(scheme="urban_rural_resident").exists()
    mergers.sign(staged.pk, county.staff["director"])
    assert not Enrolment.objects.filter(scheme="urban_rural_resident").exists()
    mergers.sign(staged.pk, deputy)
    staged.refresh_from_db()
    assert staged.state == MergerState.LIVE and staged.live_run.status == "loaded"
    assert (staged.first_signed_by, staged.second_signed_by) == (county.staff["director"],
                                                                  deputy)
    live = Enrolment.objects.filter(scheme="urban_rural_resident", year=2025)
    assert live.count() == 4
    sun = live.get(person_id=pid(13))
    assert (sun.enrolled_from, sun.enrolled_to, sun.certificate_id) == (
        dt.date(2025, 1, 1), dt.date(2025, 12, 31), "CQ-ncm-13")
    assert AuditEntry.objects.filter(action="registry.merger_signed",
                                     object_id=str(staged.pk)).count() == 2
    with pytest.raises(ValidationError, match="already live"):
        mergers.sign(staged.pk, county.staff["committee"])


def test_staff_without_the_permission_cannot_sign(county, staged):
    with pytest.raises(PermissionDenied):
        mergers.sign(staged.pk, county.staff["clerk_t01"])


def test_bad_roster_row_is_reported_and_nothing_staged(county, merger):
    bad = [row(11, "赵一", "ncms"), dict(row(12, "钱二", "ncms"), premium="12.345"),
           row(15, "周五", "urban_resident")]
    run = stage(county, merger, "ncms", bad, 3, 30000)
    assert run.status == ImportRun.Status.REJECTED
    assert {(e["row"], e["column"]) for e in run.errors} == {(3, "premium"), (4, "scheme")}
    assert not merger.rosters.exists() and not StagedEnrolment.objects.exists()


def test_a_signed_merger_takes_no_more_rosters(county, staged):
    mergers.sign(staged.pk, county.staff["director"])
    with pytest.raises(ValidationError, match="already signed"):
        stage(county, staged, "urban_employee", [], 0, 0)
    with pytest.raises(ValidationError, match="already signed"):
        mergers.remove_roster(staged.pk, "ncms", county.staff["admin"])


def open_task(merger) -> Task:
    return Task.objects.get(process_id=merger.process_id, status__in=OPEN_TASK)


def sign_on_the_task_page(client, merger):
    task = open_task(merger)
    base = f"/merger_signoff/{merger.process_id}/{task.flow_task.name}/{task.pk}"
    assert client.post(f"{base}/assign/").status_code == 302
    return client.post(f"{base}/execute/", {})


def test_register_page_links_to_the_task_where_two_officers_sign(county, staged, deputy,
                                                                  client):
    client.force_login(county.staff["director"])
    page = client.get(f"/registry/mergers/{staged.pk}/").content.decode()
    assert "The register reconciles." in page and pid(13) in page and "孙叁" in page
    task = open_task(staged)
    assert f"/merger_signoff/{staged.process_id}/first_sign/{task.pk}/" in page
    assert sign_on_the_task_page(client, staged).status_code == 302
    staged.refresh_from_db()
    assert staged.state == MergerState.SIGNED_ONCE

    assert 'id="sign"' not in client.get(f"/registry/mergers/{staged.pk}/").content.decode()
    client.force_login(deputy)
    assert sign_on_the_task_page(client, staged).status_code == 302
    staged.refresh_from_db()
    assert staged.state == MergerState.LIVE
    client.force_login(county.staff["clerk_t01"])
    assert client.get(f"/registry/mergers/{staged.pk}/").status_code == 403


def test_the_flow_runs_staging_first_and_second_signature_then_live(county, staged, deputy):
    assert open_task(staged).flow_task == MergerFlow.first_sign
    mergers.sign(staged.pk, county.staff["director"])
    done = Task.objects.get(process_id=staged.process_id, flow_task=MergerFlow.first_sign)
    assert (done.status, done.owner) == (STATUS.DONE, county.staff["director"])
    second = open_task(staged)
    assert second.flow_task == MergerFlow.second_sign
    assert not MergerFlow.second_sign.can_assign(county.staff["director"], second)
    assert MergerFlow.second_sign.can_assign(deputy, second)

    mergers.sign(staged.pk, deputy)
    process = Process.objects.get(pk=staged.process_id)
    assert process.status == PROCESS.DONE
    assert not Task.objects.filter(process=process, status__in=OPEN_TASK).exists()


def test_the_stager_cannot_sign_even_holding_the_permission(county, staged):
    admin = county.staff["admin"]
    assert admin.has_perm(SIGN_OFF_PERMISSION)
    assert not MergerFlow.first_sign.can_assign(admin, open_task(staged))
    with pytest.raises(PermissionDenied, match="You staged merger"):
        mergers.sign(staged.pk, admin)
    staged.refresh_from_db()
    assert staged.state == MergerState.STAGED and open_task(staged).status == STATUS.NEW


def test_whoever_staged_a_roster_cannot_sign(county, merger):
    """A second administrator who staged one roster is a stager too."""
    other = county.add_staff("admin_two", Role.COUNTY_DIRECTOR)
    other.user_permissions.add(Permission.objects.get(codename="add_schememerger"))
    other = type(other).objects.get(pk=other.pk)  # fresh permission cache
    stage(county, merger, "ncms", RURAL, 3, 30000)
    mergers.add_roster(merger.pk, "urban_resident", csv_file(URBAN), "u.csv", 2, 40000, other)
    with pytest.raises(PermissionDenied, match="You staged merger"):
        mergers.sign(merger.pk, other)


def test_the_task_page_refuses_a_register_that_does_not_reconcile(county, merger, client):
    stage(county, merger, "ncms", RURAL, 4, 30000)
    stage(county, merger, "urban_resident", URBAN, 2, 40000)
    client.force_login(county.staff["director"])
    page = sign_on_the_task_page(client, merger).content.decode()
    assert "does not reconcile, so it cannot be signed" in page
    assert "ncms: 3 people received, 4 declared." in page
    merger.refresh_from_db()
    assert merger.state == MergerState.STAGED
    assert open_task(merger).flow_task == MergerFlow.first_sign


def test_the_migration_starts_a_process_for_mergers_awaiting_signatures(county, staged):
    mergers.sign(staged.pk, county.staff["director"])
    waiting = mergers.create_merger("second", 2025, "urban_rural_resident",
                                    county.staff["admin"])
    SchemeMerger.objects.update(process=None)

    importlib.import_module("registry.migrations.0003_merger_signoff_flow").start_processes(
        apps, None)

    staged.refresh_from_db()
    waiting.refresh_from_db()
    assert open_task(staged).flow_task == MergerFlow.second_sign
    assert open_task(waiting).flow_task == MergerFlow.first_sign
    assert Task.objects.get(process_id=staged.process_id, flow_task=MergerFlow.first_sign,
                            status=STATUS.DONE).owner == county.staff["director"]


def test_admin_stages_a_roster_on_the_page(county, merger, client):
    client.force_login(county.staff["admin"])
    upload = csv_file(RURAL)
    upload.name = "ncms.csv"
    response = client.post(f"/registry/mergers/{merger.pk}/", {
        "scheme": "ncms", "file": upload, "declared_count": "3", "declared_premium": "300"})
    assert response.status_code == 302
    assert merger.rosters.get().rows.count() == 3


def test_command_stages_prints_the_register_and_signs(county, tmp_path, deputy):
    for scheme, rows in (("ncms", RURAL), ("urban_resident", URBAN)):
        (tmp_path / f"{scheme}.csv").write_bytes(csv_file(rows).getvalue())
    out = io.StringIO()
    call_command("merge_schemes", "stage", "--name", "CQ", "--year", "2025", "--user", "admin",
                 "--roster", "ncms", str(tmp_path / "ncms.csv"), "3", "300",
                 "--roster", "urban_resident", str(tmp_path / "urban_resident.csv"), "2",
                 "400.00", stdout=out)
    text = out.getvalue()
    assert "The register reconciles." in text and f"in both: {pid(13)}" in text
    merger = SchemeMerger.objects.get(name="CQ")
    call_command("merge_schemes", "sign", str(merger.pk), "--user", "director", stdout=out)
    with pytest.raises(CommandError, match="second, different officer"):
        call_command("merge_schemes", "sign", str(merger.pk), "--user", "director", stdout=out)
    call_command("merge_schemes", "sign", str(merger.pk), "--user", "deputy_director",
                 stdout=out)
    assert "4 created" in out.getvalue()
