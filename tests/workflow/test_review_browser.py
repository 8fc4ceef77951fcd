"""In the browser: a clerk and then a township leader approve a 5,000-yuan claim through the
task list; the leader's attempt to approve a relative's claim is refused on the page."""
import pytest

from registry.models import DeclaredRelation
from tests.browser.conftest import browser, page, screenshot, sign_in  # noqa: F401 (harness)
from tests.workflow.claims import make_claim
from tests.workflow.conftest import open_task
from workflow.choices import ClaimState
from workflow.flows import ClaimFlow


def approve_from_queue(page, claim, refused=False):
    """Open the queue, take the claim's task and approve it; a refusal is shown in place."""
    task = open_task(claim)
    page.goto(ClaimFlow.instance.reverse("queue"))
    page.click(f"a[href*='/{task.pk}/']")
    page.click("button[name=_continue]")
    page.wait_for_url(f"**/{task.pk}/execute/")
    page.check("input[name=decision][value=approved]", force=True)
    submit = "form.vf-form button:not([name=_continue])"
    if refused:
        page.click(submit)
        page.locator("form.vf-form", has_text=claim.pk).wait_for()
        return
    with page.expect_navigation():
        page.click(submit)


@pytest.mark.browser
def test_clerk_then_leader_approve_and_a_relatives_claim_is_refused(
        policy_tables, county, page, screenshot):
    claim = make_claim(county, "zhang_wei", 5000, claim_id="CL-5000")
    sign_in(page, "clerk_t01")
    approve_from_queue(page, claim)
    claim.refresh_from_db()
    assert open_task(claim).flow_task.name == "leader"
    screenshot("clerk-approved")

    sign_in(page, "leader_t01")
    approve_from_queue(page, claim)
    claim.refresh_from_db()
    assert claim.state == ClaimState.APPROVED
    screenshot("leader-approved")

    leader = county.staff["leader_t01"]
    DeclaredRelation.objects.create(user=leader, person=county.people["li_na"], relation="child")
    relative = make_claim(county, "li_na", 5000, claim_id="CL-RELATIVE")
    sign_in(page, "clerk_t01")
    approve_from_queue(page, relative)
    sign_in(page, "leader_t01")
    approve_from_queue(page, relative, refused=True)
    assert "CL-RELATIVE" in page.locator("form.vf-form").inner_text()
    screenshot("relative-refused")
    relative.refresh_from_db()
    assert relative.state == ClaimState.IN_REVIEW
    assert open_task(relative).flow_task.name == "leader"
