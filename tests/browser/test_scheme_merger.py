"""The merger hand-over in the browser: the county director reads the reconciliation register
(counts, sums, the resident found in both rosters) and signs; a second officer signs it live."""
import pytest

from registry.choices import MergerState, Role
from registry.models import SchemeMerger
from tests.browser.test_transfer import sign_in
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
    page.click("#sign button[type=submit]")
    page.wait_for_load_state()
    assert "Signed by one officer" in page.inner_text(".claimdesk-main")

    sign_in(page, "deputy_director")
    page.goto(f"/registry/mergers/{merger.pk}/")
    page.click("#sign button[type=submit]")
    page.wait_for_load_state()
    assert "State: Live." in page.inner_text(".claimdesk-main")
    screenshot("live")
    assert SchemeMerger.objects.get().state == MergerState.LIVE
