"""The merger hand-over in the browser: the county director reads the reconciliation register
(counts, sums, the resident found in both rosters) and signs in the first sign-off task; a
second officer signs the second task, which puts the roster live."""
import pytest

from registry.choices import MergerState, Role
from registry.models import SchemeMerger
from tests.browser.conftest import sign_in
from tests.registry.test_scheme_merger import RURAL, URBAN, pid, stage


@pytest.mark.browser
def test_two_officers_sign_the_register_in_the_browser(county, page, screenshot):
    from registry import mergers

    merger = mergers.create_merger("重庆城乡合并", 2025, "urban_rural_resident",
                                   county.staff["admin"])
    stage(county, merger, "ncms", RURAL, 3, 30000)
    stage(county, merger, "urban_resident", URBAN, 2, 40000)
    county.add_staff("deputy_director", Role.COUNTY_DIRECTOR)

    sign_in(page, "director")
    page.goto(f"/registry/mergers/{merger.pk}/")
    assert page.inner_text("#reconciles") == "The register reconciles."
    assert pid(13) in page.inner_text("#duplicates")
    assert page.inner_text("#merged-count") == "4"
    screenshot("register")
    sign_task(page)
    assert "Signed by one officer" in page.inner_text(".claimdesk-main")

    sign_in(page, "deputy_director")
    page.goto(f"/registry/mergers/{merger.pk}/")
    sign_task(page)
    assert "State: Live." in page.inner_text(".claimdesk-main")
    screenshot("live")
    assert SchemeMerger.objects.get().state == MergerState.LIVE


def sign_task(page):
    """From the register's link: take the sign-off task, then sign on its page."""
    page.click("#sign")
    page.click("button[name=_continue]")
    page.wait_for_url("**/execute/")
    with page.expect_navigation():
        page.click("form.vf-form button:not([name=_continue])")
