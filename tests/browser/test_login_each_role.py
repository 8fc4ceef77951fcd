"""Each role's persona signs in, sees who they are, switches language and back, signs out."""
import pytest
from django.utils import translation

from registry.models import StaffProfile
from tests.county import PASSWORD

PERSONAS = ["clerk_t01", "leader_t02", "director", "committee", "supervisor", "investigator",
            "hospital_admin_h3", "accountant", "admin"]


def _role_label(username: str, language: str) -> str:
    profile = StaffProfile.objects.get(user__username=username)
    with translation.override(language):
        return str(profile.get_role_display())


@pytest.mark.browser
@pytest.mark.parametrize("username", PERSONAS)
def test_persona_logs_in_switches_language_and_logs_out(county, page, screenshot, username):
    StaffProfile.objects.filter(user__username=username).update(language="zh-hans")  # default
    page.goto("/")
    page.wait_for_url("**/accounts/login/**")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#sign-in")

    user_bar = page.get_by_test_id("current-user")
    user_bar.wait_for()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert username in user_bar.inner_text()
    assert _role_label(username, "zh-hans") in user_bar.inner_text()
    assert "/accounts/login/" not in page.url
    screenshot("landed")

    page.click("button[name=language][value=en]")
    page.wait_for_selector("html[lang=en]")
    assert _role_label(username, "en") in page.get_by_test_id("current-user").inner_text()
    assert StaffProfile.objects.get(user__username=username).language == "en"
    screenshot("english")

    page.click("button[name=language][value=zh-hans]")
    page.wait_for_selector("html[lang=zh-hans]")
    assert StaffProfile.objects.get(user__username=username).language == "zh-hans"

    page.click("#sign-out")
    page.wait_for_url("**/accounts/login/")
    assert page.locator("input[name=username]").is_visible()
    screenshot("logged-out")
