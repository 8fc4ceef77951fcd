"""The upload page /registry/import/: administrators only; the file is stored and loaded by
an upload job (inline here, without a broker), whose page shows the same report as the
command: counts, or every bad row with its row, column, value and reason."""
import io

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from jobs.choices import JobKind, JobState
from jobs.models import Job
from registry.models import Hospital, ImportRun
from tests.registry.import_files import hospital_row

URL = "/registry/import/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(rows, name="hospitals.csv"):
    header = ",".join(rows[0])
    body = "\n".join(",".join(row.values()) for row in rows)
    handle = io.BytesIO(f"{header}\n{body}\n".encode())
    handle.name = name
    return handle


def test_the_page_lives_at_registry_import():
    assert reverse("registry_pages:import") == URL


def test_an_upload_becomes_a_job_and_its_page_shows_the_counts(county, client, media):
    client.force_login(county.staff["admin"])
    assert client.get(URL).status_code == 200

    response = client.post(URL, {"kind": "", "file": upload([hospital_row()])})

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert (job.kind, job.state, job.created_by) == (
        JobKind.UPLOAD, JobState.FINISHED, county.staff["admin"])
    assert AuditEntry.objects.filter(action="jobs.start", object_id=str(job.pk)).exists()
    run = ImportRun.objects.get()
    assert (run.status, run.created, run.started_by, run.file_name) == (
        ImportRun.Status.LOADED, 1, county.staff["admin"], "hospitals.csv")
    assert Hospital.objects.filter(code="H9").exists()
    stored = media / job.params["upload"] / "hospitals.csv"
    assert stored.read_bytes().startswith(b"hospital_code,")
    page = client.get(response.url)
    assert list(page.context["import_runs"]) == [run]
    assert "1 rows: 1 created, 0 updated, 0 unchanged." in page.content.decode()


def test_a_rejected_upload_shows_every_bad_row_on_the_job_page(county, client):
    client.force_login(county.staff["admin"])

    response = client.post(URL, {"kind": "hospitals", "file": upload(
        [hospital_row(level="5"), hospital_row(hospital_code="H8")], name="export.csv")},
        follow=True)

    run = ImportRun.objects.get()
    assert (run.status, run.file_name) == (ImportRun.Status.REJECTED, "export.csv")
    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [(2, "level", "5")]
    assert list(response.context["import_runs"]) == [run]
    page = response.content.decode()
    assert 'class="bad-rows"' in page
    assert f"<td>2</td><td>level</td><td>5</td><td>{run.errors[0]['reason']}</td>" in page
    assert not Hospital.objects.filter(code__in=["H8", "H9"]).exists()


def test_a_file_name_that_does_not_say_the_kind_needs_a_chosen_kind(county, client, media):
    client.force_login(county.staff["admin"])

    response = client.post(URL, {"kind": "", "file": upload([hospital_row()], "export.csv")})

    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not ImportRun.objects.exists() and not Job.objects.exists()
    assert not media.exists()


@pytest.mark.parametrize("persona", ["clerk_t01", "director", "investigator"])
def test_other_roles_are_refused(county, client, persona):
    client.force_login(county.staff[persona])

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"kind": "", "file": upload([hospital_row()])}).status_code == 403
    assert not ImportRun.objects.exists() and not Job.objects.exists()


def test_a_superuser_may_import(db, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password=None))

    client.post(URL, {"kind": "", "file": upload([hospital_row()])})

    assert ImportRun.objects.get().status == ImportRun.Status.LOADED


def test_anonymous_visitors_are_sent_to_log_in(db, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
