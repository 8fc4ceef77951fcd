"""The hospital administrators' dashboard counts its referrals by the status the table shows
and its emergency reports by status, under the user's scope and the current filters, and
exports the same rows as XLSX (formula-looking cells neutralised)."""
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.workflow.referrals import approve, clock, file, reject, report  # noqa: F401
from workflow.referral_dashboard import EXPORT_HEADER
from workflow.referrals import file_referral


@pytest.fixture
def referrals(county, clock):
    """From H2: one lapsed (approved 31 days ago), one rejected, one pending; from H3 to H1T01
    (not H2's): one pending. Emergency reports at H3: one on time, one late."""
    lapsed = file(county)
    approve(county, lapsed)
    clock.advance(31)
    refused = file(county, person="li_na")
    reject(county, refused)
    file(county, person="ouyang_xiu")
    file(county, person="li_na", to="H1T01", by="hospital_admin_h3")
    report(county, clock.today() - dt.timedelta(days=1))
    report(county, clock.today() - dt.timedelta(days=10), person="li_na")


def counts(page: str, kind: str) -> dict[str, str]:
    """{status: count} from the dashboard's counts line of `kind` ("standing" or "status")."""
    import re

    return dict(re.findall(rf'data-{kind}="(\w+)">[^<]*: <strong>(\d+)</strong>', page))


def dashboard(client, county, username, **filters):
    client.force_login(county.staff[username])
    return client.get(reverse("referrals:desk:index"), filters).content.decode()


def test_a_hospital_counts_its_own_referrals_by_standing(client, county, referrals):
    page = dashboard(client, county, "hospital_admin_h2")
    assert counts(page, "standing") == {"pending": "1", "valid": "0", "expired": "1",
                                        "rejected": "1"}


def test_the_county_counts_every_referral_and_report(client, county, referrals):
    page = dashboard(client, county, "director")
    assert counts(page, "standing") == {"pending": "2", "valid": "0", "expired": "1",
                                        "rejected": "1"}
    assert counts(page, "status") == {"reported": "2", "accepted": "0", "rejected": "0",
                                      "late": "1"}


def test_counts_follow_the_filters(client, county, referrals):
    page = dashboard(client, county, "director", status="requested", destination="H3")
    assert counts(page, "standing") == {"pending": "1", "valid": "0", "expired": "0",
                                        "rejected": "0"}
    assert counts(page, "status")["reported"] == "2"  # reports at H3


def test_a_hospital_sees_the_counts_of_its_own_reports(client, county, referrals):
    assert counts(dashboard(client, county, "hospital_admin_h2"), "status") == {
        "reported": "0", "accepted": "0", "rejected": "0", "late": "0"}


def read_xlsx(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return list(book.active.iter_rows(values_only=True))


def test_xlsx_export_has_the_rows_of_the_csv_in_scope(client, county, referrals):
    client.force_login(county.staff["hospital_admin_h2"])
    rows = read_xlsx(client.get(reverse("referrals:desk:export_xlsx")))
    assert list(rows[0]) == EXPORT_HEADER
    assert [row[0] for row in rows[1:]] == ["referral"] * 3  # H2's; no reports at H2
    assert {row[14] for row in rows[1:]} >= {"2025-03-30"}  # the lapsed one's last day
    client.force_login(county.staff["director"])
    everything = read_xlsx(client.get(reverse("referrals:desk:export_xlsx"),
                                      {"status": "requested"}))
    assert [row[0] for row in everything[1:]].count("referral") == 2


def test_xlsx_export_neutralises_a_formula_in_a_cell(client, county, clock):
    file_referral(county.staff["hospital_admin_h2"], county.people["zhang_wei"].pk, "H3",
                  "=1+2", "reason", "routine")
    client.force_login(county.staff["hospital_admin_h2"])
    rows = read_xlsx(client.get(reverse("referrals:desk:export_xlsx")))
    assert rows[1][7] == "'=1+2"  # the diagnosis column, as text
