"""Each role's home page: the work it has today, counted in its own scope, with links."""
import re

import pytest


def cards(response) -> dict[str, int]:
    """{card key: count} of a home page."""
    html = response.content.decode()
    return {key: int(count) for key, count in re.findall(
        r'data-testid="work-(\w+)">\s*<span class="claimdesk-work__count">(\d+)</span>', html)}


def test_login_lands_on_the_home_page(client, county):
    response = client.post("/accounts/login/", {"username": "clerk_t01",
                                                "password": "Claimdesk-test-2025"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/home/today/")
    assert b'data-testid="today"' in response.content


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get("/home/today/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("username", ["clerk_t01", "clerk_t02"])
def test_clerk_counts_only_the_own_townships_review_tasks(claims, client_of, username):
    found = cards(client_of(username).get("/home/today/"))
    assert found["reviews"] == 1
    assert found["notices"] == 0


def test_director_has_no_clerk_tasks_but_reads_the_fraud_alerts(claims, client_of):
    found = cards(client_of("director").get("/home/today/"))
    assert found["reviews"] == 0
    assert "alerts" in found and "payments" not in found


def test_accountant_sees_the_approved_claims_to_pay_with_their_amount(claims, client_of):
    response = client_of("accountant").get("/home/today/")
    assert cards(response)["payments"] == 2
    assert "¥640.00 to pay" in response.content.decode()  # 320 + 320 yuan payable
    assert "reviews" not in cards(response)


def test_hospital_admin_follows_the_own_hospitals_claims_without_deciding(claims, client_of):
    found = cards(client_of("hospital_admin_h2").get("/home/today/"))
    assert found == {"claims": 0, "referrals": 0}  # referrals: its requests still waiting


def test_supervision_member_has_notices_to_review(claims, client_of):
    found = cards(client_of("supervisor").get("/home/today/"))
    assert found["notices"] == 0 and "reviews" not in found


def test_home_page_query_count_does_not_grow_with_claims(claims, client_of,
                                                        django_assert_max_num_queries):
    client = client_of("clerk_t01")
    with django_assert_max_num_queries(12):
        client.get("/home/today/")
