"""A small county with a few claims: two waiting for their township's clerk, two approved."""
import pytest

from tests.workflow.claims import make_claim


@pytest.fixture
def claims(county):
    return {
        "review_t01": make_claim(county, "zhang_wei", 5000, claim_id="CLT01REVIEW"),
        "review_t02": make_claim(county, "ouyang_xiu", 5000, hospital="H1T02",
                                 claim_id="CLT02REVIEW"),
        "approved_t01": make_claim(county, "li_na", 500, claim_id="CLT01OK"),
        "approved_t02": make_claim(county, "wang_xiaoming", 500, hospital="H1T02",
                                   claim_id="CLT02OK"),
    }


@pytest.fixture
def client_of(client, county):
    """client_of("clerk_t01"): the test client signed in as that persona."""
    def signed_in(username):
        client.force_login(county.staff[username])
        return client
    return signed_in
