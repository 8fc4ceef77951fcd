"""Hospital administrators see their own hospital's referrals and emergency reports only (sent
from it or to it), on the dashboard, the referral page, the certificate, the CSV export and the
API; the county office sees all (DOMAIN.md "Who uses it")."""
import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.workflow.referrals import approve, clock, file, report  # noqa: F401


@pytest.fixture
def referrals(county, clock):
    """H2 -> H3 (approved), H3 -> H1T01 (approved), and an emergency report at H3."""
    sent_by_h2 = file(county)
    sent_by_h3 = file(county, person="li_na", to="H1T01", by="hospital_admin_h3")
    approve(county, sent_by_h2)
    approve(county, sent_by_h3)
    report(county, dt.date(2025, 3, 1), person="ouyang_xiu")
    return sent_by_h2, sent_by_h3


def signed_in(client, county, username):
    client.force_login(county.staff[username])
    return client


def page(name, *args):
    return reverse(f"referrals:desk:{name}", args=args)


def test_h2_cannot_see_or_open_h3s_referral(client, county, referrals):
    ours, theirs = referrals
    client = signed_in(client, county, "hospital_admin_h2")
    dashboard = client.get(page("index")).content.decode()
    assert ours.referral_no in dashboard and theirs.referral_no not in dashboard
    assert "欧阳修文" not in dashboard  # H3's emergency report
    assert client.get(page("detail", theirs.referral_no)).status_code == 403
    assert client.get(page("certificate", theirs.referral_no)).status_code == 403
    export = b"".join(client.get(page("export")).streaming_content).decode("utf-8-sig")
    assert ours.referral_no in export and theirs.referral_no not in export
    assert client.get(page("certificate", ours.referral_no)).status_code == 200


def test_h3_sees_what_it_sent_and_what_it_received(client, county, referrals):
    ours, theirs = referrals
    client = signed_in(client, county, "hospital_admin_h3")
    dashboard = client.get(page("index")).content.decode()
    assert ours.referral_no in dashboard and theirs.referral_no in dashboard
    assert "received" in dashboard and "sent" in dashboard
    assert "欧阳修文" in dashboard


def test_the_county_office_sees_every_hospital(client, county, referrals):
    client = signed_in(client, county, "director")
    dashboard = client.get(page("index")).content.decode()
    assert all(r.referral_no in dashboard for r in referrals)
    assert client.get(page("detail", referrals[1].referral_no)).status_code == 200


def test_dashboard_filters_by_status_and_destination(client, county, referrals):
    file(county, person="wang_xiaoming")  # requested, to H3
    client = signed_in(client, county, "director")
    requested = client.get(page("index"), {"status": "requested"}).content.decode()
    assert "wang" not in requested and requested.count('data-referral="RF') == 1
    to_h1 = client.get(page("index"), {"destination": "H1T01"}).content.decode()
    assert to_h1.count('data-referral="RF') == 1 and referrals[1].referral_no in to_h1
    later = client.get(page("index"), {"date_from": "2025-03-02"}).content.decode()
    assert 'data-referral="RF' not in later


def test_dashboard_query_count_does_not_grow_with_rows(client, county, referrals,
                                                       django_assert_max_num_queries):
    for person in ("wang_xiaoming", "ouyang_xiu", "li_na"):
        file(county, person=person)
    client = signed_in(client, county, "director")
    with django_assert_max_num_queries(12):
        assert client.get(page("index")).status_code == 200


def test_the_api_lists_and_opens_only_own_hospitals_referrals(county, referrals):
    ours, theirs = referrals
    api = APIClient()
    api.force_authenticate(county.staff["hospital_admin_h2"])
    listed = [row["referral_no"] for row in api.get("/api/referrals/").json()]
    assert listed == [ours.referral_no]
    assert api.get(f"/api/referrals/{theirs.referral_no}/").status_code == 404
    assert api.get(f"/api/referrals/{ours.referral_no}/").json()["standing"] == "valid"
    assert api.get("/api/emergency-reports/").json() == []


def test_anonymous_users_are_sent_to_log_in(client, referrals):
    response = client.get(page("index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
