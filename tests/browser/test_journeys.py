"""Each role's main journey in Chromium on the demo county, from its home page (issue 10).

The demo county is built once for this module with `seed_demo` (about 30 s) into the test
database, with the month's public notices drafted, and served by a live server of our own:
pytest-django's `live_server` empties the database after every test, which would mean building
the county again for each role. Each journey starts from the same county (its changes are
undone after it) and saves the screenshot the README shows, docs/screenshots/<role>.png.
"""
import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.db import connections, transaction

from registry.demo import DEMO_PASSWORD
from registry.models import StaffProfile
from tests.browser.conftest import sign_in
from tests.conftest import seed_policy_tables
from tests.connections import SharedConnectionLiveServer, connections_kept_open
from workflow.choices import ClaimState
from workflow.models import Claim, ClaimReview
from workflow.services import decide, four_eyes_refusal, open_tasks

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NOTICE_MONTH = "2025-12"

# django_db: each journey runs in a savepoint of the county's transaction, undone after it.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo_url(django_db_setup, django_db_blocker):
    """The demo county, built inside one transaction that is rolled back after the module,
    served by a live server sharing this thread's database connection (so it sees the
    uncommitted county, on SQLite and PostgreSQL alike). Staff read English."""
    with django_db_blocker.unblock():
        county = transaction.atomic()
        county.__enter__()
        try:
            seed_policy_tables()  # an earlier transactional test's flush may have emptied them
            call_command("seed_demo", stdout=io.StringIO())
            call_command("build_notices", month=NOTICE_MONTH, stdout=io.StringIO())
            StaffProfile.objects.update(language="en")
            shared = connections["default"]
            server = SharedConnectionLiveServer("localhost", static_handler=StaticFilesHandler,
                                      connections_override={"default": shared})
            shared.inc_thread_sharing()
            server.daemon = True
            with connections_kept_open():
                server.start()
                server.is_ready.wait()
                try:
                    yield f"http://localhost:{server.port}"
                finally:
                    server.terminate()
                    shared.dec_thread_sharing()
        finally:
            transaction.set_rollback(True)
            county.__exit__(None, None, None)


@pytest.fixture
def page(browser, demo_url):
    """A fresh browser context on the demo server (the harness's `page` serves an empty one)."""
    context = browser.new_context(base_url=demo_url, viewport={"width": 1280, "height": 800},
                                  accept_downloads=True)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def sign_in_demo(page, username: str) -> None:
    """The harness's sign-in with the demo county's password; it lands on the home page."""
    sign_in(page, username, DEMO_PASSWORD)
    page.get_by_test_id("today").wait_for()


def card_count(page, key: str) -> int:
    return int(page.get_by_test_id(f"work-{key}").locator(".claimdesk-work__count").inner_text())


def shot(page, role: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{role}.png"), full_page=True)


def decidable_task(username: str, step: str, top_level: int = 1):
    """An open task of `step` the user may decide (no four-eyes refusal), soonest due, of a
    claim whose review goes up to at least `top_level`."""
    user = get_user_model().objects.get(username=username)
    for task in open_tasks(user):
        review = ClaimReview.objects.select_related("claim__person").get(process=task.process)
        if task.flow_task.name == step and review.top_level >= top_level \
                and four_eyes_refusal(review.claim, user, review) is None:
            return task, review.claim
    raise AssertionError(f"no {step} task {username} may decide in the demo county")


def take_and_decide(page, task, choose: str) -> None:
    """From the task list: open the task, take it, choose, submit."""
    page.click(f"a[href*='/{task.pk}/']")
    page.click("button[name=_continue]")
    page.wait_for_url(f"**/{task.pk}/execute/**")
    page.check(choose, force=True)
    with page.expect_navigation():
        page.click("form.vf-form button:not([name=_continue])")


def test_clerk_takes_a_review_from_the_home_page(page):
    sign_in_demo(page, "clerk_t01")
    waiting = card_count(page, "reviews")
    assert waiting > 0
    shot(page, "clerk")
    task, claim = decidable_task("clerk_t01", "clerk")
    page.get_by_test_id("work-reviews").click()
    page.wait_for_url("**/claim/queue/**")
    take_and_decide(page, task, "input[name=decision][value=approved]")
    claim.refresh_from_db()
    assert claim.state in (ClaimState.IN_REVIEW, ClaimState.APPROVED)
    page.goto("/")
    assert card_count(page, "reviews") == waiting - 1


def test_township_leader_signs_a_claim_the_clerk_passed(page):
    clerk_task, _claim = decidable_task("clerk_t01b", "clerk", top_level=2)
    decide(clerk_task.pk, get_user_model().objects.get(username="clerk_t01b"), "approved")
    sign_in_demo(page, "leader_t01")
    assert card_count(page, "reviews") > 0
    task, claim = decidable_task("leader_t01", "leader")
    page.get_by_test_id("work-reviews").click()
    page.click(f"a[href*='/{task.pk}/']")
    page.click("button[name=_continue]")
    page.wait_for_url(f"**/{task.pk}/execute/**")
    assert claim.claim_id in page.content()  # the claim, its explanation and history
    shot(page, "township_leader")
    page.check("input[name=decision][value=approved]", force=True)
    with page.expect_navigation():
        page.click("form.vf-form button:not([name=_continue])")
    claim.refresh_from_db()
    assert claim.state in (ClaimState.IN_REVIEW, ClaimState.APPROVED)


def test_county_director_reads_the_dashboards_in_both_languages(page):
    sign_in_demo(page, "director")
    page.get_by_role("link", name="Dashboards").first.click()
    page.wait_for_url("**/home/dashboards/**")
    assert page.get_by_test_id("indicator").count() == 3
    assert "¥" in page.get_by_test_id("indicator").nth(1).inner_text()
    assert page.locator("svg.claimdesk-chart").count() >= 7  # indicators, spending, times, fraud
    shot(page, "county_director")
    page.click("button[name=language][value=zh-hans]")
    page.wait_for_selector("html[lang=zh-hans]")
    assert " 元" in page.get_by_test_id("indicator").nth(1).inner_text()
    page.click("button[name=language][value=en]")
    page.wait_for_selector("html[lang=en]")


def test_committee_member_finds_a_large_claim_and_reads_it(page):
    large = Claim.objects.filter(total_fen__gte=3_000_000).order_by("-total_fen").first()
    assert large is not None, "the demo county has claims of 30,000 yuan and more"
    sign_in_demo(page, "committee_1")
    page.get_by_role("link", name="Search").first.click()
    page.fill("input[name=q]", large.claim_id)
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    page.get_by_role("link", name=large.claim_id).click()
    page.wait_for_url(f"**/claims/claim/{large.claim_id}/**")
    assert large.person.name in page.content()
    shot(page, "committee")


def test_supervision_member_approves_a_monthly_notice(page):
    from notices.models import Notice

    sign_in_demo(page, "supervisor")
    waiting = card_count(page, "notices")
    assert waiting == Notice.objects.filter(month=f"{NOTICE_MONTH}-01").count() > 0
    shot(page, "supervision_committee")
    page.get_by_test_id("work-notices").click()
    page.wait_for_url("**/notice_review/queue/**")
    page.locator("a[href*='/review/']").first.click()
    page.click("button[name=_continue]")
    page.wait_for_url("**/execute/**")
    page.check("input[name=approve][value=approve]", force=True)
    with page.expect_navigation():
        page.click("form.vf-form button:not([name=_continue])")
    page.goto("/")
    assert card_count(page, "notices") == waiting - 1


def test_investigator_goes_from_alerts_to_the_person(page):
    from fraud.services import current_alerts

    alert = current_alerts().filter(subject_type="person").order_by("-score").first()
    sign_in_demo(page, "investigator")
    assert card_count(page, "alerts") == current_alerts().count()
    page.get_by_test_id("work-alerts").click()
    page.wait_for_url("**/fraud/alert/**")
    page.goto("/home/search/")
    page.fill("input[name=q]", alert.subject_id)
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    results = page.get_by_test_id("search-results")
    assert alert.subject_id in results.inner_text()
    shot(page, "investigator")


def test_hospital_admin_follows_the_own_claims(page):
    sign_in_demo(page, "hadmin_h2001")
    page.get_by_test_id("work-claims").click()
    page.wait_for_url("**/claims/claim/**")
    shown = page.locator("tr[data-row-id]").count()
    assert shown == min(25, Claim.objects.filter(hospital="H2001",
                                                 state=ClaimState.IN_REVIEW).count())
    page.goto("/claims/claim/")
    ids = page.locator("tr[data-row-id]").evaluate_all("rows => rows.map(r => r.dataset.rowId)")
    assert set(Claim.objects.filter(pk__in=ids).values_list("hospital", flat=True)) == {"H2001"}
    shot(page, "hospital_admin")


def test_accountant_exports_the_claims_waiting_for_payment(page):
    sign_in_demo(page, "accountant")
    waiting = card_count(page, "payments")
    assert waiting == Claim.objects.filter(state=ClaimState.APPROVED,
                                           payment_batch__isnull=True).count()
    page.get_by_test_id("work-payments").click()
    page.wait_for_url("**/claims/claim/?state=approved**")
    shot(page, "accountant")
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    rows = list(csv.reader(io.StringIO(
        Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) - 1 == waiting
