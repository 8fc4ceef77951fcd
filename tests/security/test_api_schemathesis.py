"""schemathesis against the OpenAPI schema (/api/schema/), in process through the WSGI app
(issue 9): for every operation, generated valid and invalid requests, sent by a hospital
administrator (who may submit claims) and anonymously, never get a server error, and a
refused request (4xx) stores nothing."""
import pytest
import schemathesis
from hypothesis import settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from claimdesk.wsgi import application
from tests.connections import connections_kept_open
from tests.security.conftest import FUZZ
from tests.security.tables import row_counts


# Fetched once at collection, as any client would; the schema view needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def identities(county):
    """Each generated request is sent twice: with a hospital administrator's token (allowed
    to submit claims) and with no credentials at all."""
    token = Token.objects.create(user=county.staff["hospital_admin_h2"])
    return {"hospital_admin_h2": {"Authorization": f"Token {token.key}"}, "anonymous": {}}


@pytest.fixture(autouse=True)
def in_process():
    with connections_kept_open():
        yield


@schema.parametrize()
@settings(FUZZ, max_examples=max(FUZZ.max_examples * 3 // 5, 1))  # nested claims are slow to make
def test_no_server_error_and_nothing_stored_from_a_refused_request(case, identities):
    """schemathesis generates valid and invalid data (both modes are its default)."""
    counts = row_counts()
    for who, credentials in identities.items():
        headers = {**credentials, "Accept-Language": "en"}
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error], headers=headers)
        after = row_counts()
        if 400 <= response.status_code < 500:
            assert after == counts, f"{who}: {response.status_code} but a table changed"
        counts = after
