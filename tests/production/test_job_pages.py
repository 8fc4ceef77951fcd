"""The jobs pages: a progress bar fed by a small JSON view, for county-wide staff holding
jobs.view_job; starting a scoring run needs jobs.add_job (administrators)."""
import csv
import io

import pytest
from django.urls import reverse

from jobs import services
from jobs.choices import JobState
from jobs.models import Job


@pytest.fixture
def job(seeded_db, county):
    return services.start("score", {"years": [2025]}, actor=county.staff["admin"])


def test_the_progress_view_gives_the_bar_its_figures(client, county, job):
    client.force_login(county.staff["admin"])

    data = client.get(reverse("jobs:progress", args=[job.pk])).json()

    assert data["state"] == JobState.FINISHED and data["ended"] is True
    assert (data["done"], data["total"], data["percent"]) == (1, 1, 100)
    assert data["text"] == "1 of 1 batches (100%)"


def test_the_job_page_shows_a_progress_bar_that_polls(client, county, job):
    client.force_login(county.staff["admin"])

    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()

    assert '<progress max="100" value="100">' in page
    assert f'data-progress-url="/jobs/{job.pk}/progress/"' in page
    assert "jobs/progress.js" in page


@pytest.mark.parametrize("persona", ["clerk_t01", "hospital_admin_h2", "investigator"])
def test_staff_without_the_job_permission_are_refused(client, county, job, persona):
    client.force_login(county.staff[persona])

    for url in (reverse("jobs:list"), reverse("jobs:detail", args=[job.pk]),
                reverse("jobs:progress", args=[job.pk])):
        assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, job):
    response = client.get(reverse("jobs:progress", args=[job.pk]))

    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_an_administrator_starts_a_scoring_run_and_lands_on_its_page(client, county,
                                                                     seeded_db):
    client.force_login(county.staff["admin"])

    response = client.post(reverse("jobs:start_scoring"), {"year": "2025"})

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:detail",
                                                                   args=[job.pk])
    assert job.kind == "score" and job.created_by == county.staff["admin"]
    assert job.state == JobState.FINISHED


def test_only_administrators_start_jobs(client, county, seeded_db):
    client.force_login(county.staff["director"])

    assert client.post(reverse("jobs:start_scoring"), {"year": "2025"}).status_code == 403
    assert not Job.objects.exists()


def test_the_jobs_list_filters_sorts_pages_and_exports(client, county, job, monkeypatch):
    second = services.start("score", {"years": [2025]}, actor=county.staff["admin"])
    monkeypatch.setattr("jobs.views.PAGE", 1)
    client.force_login(county.staff["admin"])
    newest = client.get(reverse("jobs:list"))
    assert [j.pk for j in newest.context["rows"]] == [second.pk]
    following = client.get(reverse("jobs:list") + newest.context["page"].next_url)
    assert [j.pk for j in following.context["rows"]] == [job.pk]
    oldest = client.get(reverse("jobs:list"), {"_orderby": "job"})
    assert [j.pk for j in oldest.context["rows"]] == [job.pk]
    assert not client.get(reverse("jobs:list"), {"state": "failed"}).context["rows"]
    assert client.get(reverse("jobs:list"), {"kind": "import"}).context["rows"] == []
    export = client.get(reverse("jobs:list"), {"_export": "csv", "_orderby": "job"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Job", "Started by", "Created at", "Progress"]
    assert [row[0] for row in rows[1:]] == [str(job), str(second)]
    assert rows[1][1] == "admin" and rows[1][3].startswith("1/1 100%")
