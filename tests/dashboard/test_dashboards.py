"""The dashboards: indicators against targets and spending, in the user's scope."""
import re


def indicator_texts(response) -> list[str]:
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(
        r'data-testid="indicator">(.*?)</section>', response.content.decode(), re.S)]


def test_director_sees_the_county_and_a_clerk_the_own_township(claims, client_of):
    county_page = client_of("director").get("/home/dashboards/?year=2025").content.decode()
    assert "4 of 4 residents enrolled" in county_page
    assert "东河镇" in county_page and "西山乡" in county_page

    township_page = client_of("clerk_t01").get("/home/dashboards/?year=2025").content.decode()
    assert "2 of 2 residents enrolled" in township_page
    assert "东河镇" in township_page and "西山乡" not in township_page


def test_compensation_ratio_and_utilisation_follow_the_approved_claims(claims, client_of):
    texts = indicator_texts(client_of("clerk_t01").get("/home/dashboards/?year=2025"))
    # T01: li_na's (tier 2) approved 500-yuan stay at a township centre pays (500 - 100
    # deductible) x 80% = 320 (64.0%); contributions raised are 100 (zhang_wei, tier 1) + 200
    # (li_na, tier 2) yuan, so 320 spent is 106.7% utilisation, off its target.
    assert any("64.0%" in text and "¥320.00 reimbursed of ¥500.00" in text for text in texts)
    assert any("106.7%" in text and "claimdesk-figure--off" in text
               and "¥320.00 spent of ¥300.00 raised" in text for text in texts)


def test_fraud_chart_only_for_those_who_read_alerts(claims, client_of):
    assert "Alerts by fraud scheme" in client_of("investigator").get(
        "/home/dashboards/").content.decode()
    assert "Alerts by fraud scheme" not in client_of("clerk_t01").get(
        "/home/dashboards/").content.decode()


def test_a_year_without_claims_says_so(claims, client_of):
    page = client_of("director").get("/home/dashboards/?year=2024").content.decode()
    assert "No approved or paid claims discharged in 2024." in page
