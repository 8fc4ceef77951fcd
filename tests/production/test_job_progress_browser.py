"""In the browser, under the production Content-Security-Policy: the job page's progress bar
follows a running job to its end without reloading, and nothing on the page is refused."""
import pytest
from playwright.sync_api import expect

from claimdesk.production import DEFAULT_POLICY
from jobs.models import Job
from tests.browser.conftest import browser, page, screenshot, sign_in  # noqa: F401 (the harness)
from tests.county import SmallCounty

pytestmark = pytest.mark.browser


def test_the_progress_bar_follows_a_running_job(page, screenshot, settings):
    settings.CONTENT_SECURITY_POLICY = DEFAULT_POLICY
    county = SmallCounty.build(year=2025)
    job = Job.objects.create(kind="score", plan=["year:2024", "year:2025"], total=2,
                             created_by=county.staff["admin"])
    job.start()
    job.done, job.current = 1, "year:2025"
    job.save()
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    sign_in(page, "admin")

    page.goto(f"/jobs/{job.pk}/")
    bar = page.locator(".jobs-progress")
    expect(bar).to_have_attribute("data-state", "running")
    assert bar.locator("progress").evaluate("progress => progress.value") == 50
    screenshot("running")
    job.refresh_from_db()
    job.done, job.current = 2, ""
    job.finish()
    job.save()

    expect(bar).to_have_attribute("data-state", "finished")
    assert bar.locator("progress").evaluate("progress => progress.value") == 100
    assert bar.locator(".jobs-progress__text").inner_text() == "2 of 2 batches (100%)"
    screenshot("finished")
    assert refused == []
