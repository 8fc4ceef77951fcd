"""The upload page /registry/import/: administrators only, the same report as the command."""
import io

import pytest
from django.urls import reverse

from registry.models import Hospital, ImportRun
from tests.registry.import_files import hospital_row

URL = "/registry/import/"


def upload(rows, name="hospitals.csv"):
    header = ",".join(rows[0])
    body = "\n".join(",".join(row.values()) for row in rows)
    handle = io.BytesIO(f"{header}\n{body}\n".encode())
    handle.name = name
    return handle


def test_the_page_lives_at_registry_import():
    assert reverse("registry_pages:import") == URL


def test_an_administrator_uploads_and_sees_the_counts(county, client):
    client.force_login(county.staff["admin"])
    assert client.get(URL).status_code == 200

    response = client.post(URL, {"kind": "", "file": upload([hospital_row()])})

    assert response.status_code == 200
    run = response.context["run"]
    assert (run.status, run.created, run.started_by) == (
        ImportRun.Status.LOADED, 1, county.staff["admin"])
    assert Hospital.objects.filter(code="H9").exists()


def test_a_rejected_upload_shows_every_bad_row(county, client):
    client.force_login(county.staff["admin"])

    response = client.post(URL, {"kind": "hospitals", "file": upload(
        [hospital_row(level="5"), hospital_row(hospital_code="H8")], name="export.csv")})

    run = response.context["run"]
    assert run.status == ImportRun.Status.REJECTED
    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [(2, "level", "5")]
    assert b'id="bad-rows"' in response.content
    assert not Hospital.objects.filter(code__in=["H8", "H9"]).exists()


def test_a_file_name_that_does_not_say_the_kind_needs_a_chosen_kind(county, client):
    client.force_login(county.staff["admin"])

    response = client.post(URL, {"kind": "", "file": upload([hospital_row()], "export.csv")})

    assert response.context["run"] is None
    assert "kind" in response.context["form"].errors
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("persona", ["clerk_t01", "director", "investigator"])
def test_other_roles_are_refused(county, client, persona):
    client.force_login(county.staff[persona])

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"kind": "", "file": upload([hospital_row()])}).status_code == 403
    assert not ImportRun.objects.exists()


def test_a_superuser_may_import(db, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password=None))

    response = client.post(URL, {"kind": "", "file": upload([hospital_row()])})

    assert response.context["run"].status == ImportRun.Status.LOADED


def test_anonymous_visitors_are_sent_to_log_in(db, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
