"""The queue and case pages: investigators only see case content; the supervisor sees the
queue and assigns; the queue's query count stays flat; the case page's actions work."""
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Case, RecoveryOrder
from registry.models import Hospital

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def case(alert, paid_claim, case_of):
    return case_of([alert(paid_claim.pk, scheme="inflated_bill")])


@pytest.fixture
def login(client, county):
    def as_user(username):
        client.force_login(county.staff[username])
        return client
    return as_user


@pytest.mark.parametrize("username", ["clerk_t01", "leader_t01", "director", "committee",
                                      "supervisor", "hospital_admin_h2", "accountant"])
def test_nobody_but_investigators_opens_a_case_page(login, case, username):
    client = login(username)
    assert client.get(reverse("casework:case", args=[case.pk])).status_code == 403
    assert client.get(reverse("casework:letter", args=[case.pk])).status_code == 403
    response = client.post(reverse("casework:act", args=[case.pk, "note"]), {"text": "x"})
    assert response.status_code == 403
    assert not case.events.filter(action="note").exists()


def test_anonymous_is_sent_to_log_in(client, case):
    response = client.get(reverse("casework:case", args=[case.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("username", ["clerk_t01", "supervisor", "hospital_admin_h2"])
def test_the_queue_is_closed_to_other_roles(login, case, username):
    assert login(username).get(reverse("casework:index")).status_code == 403


def test_the_supervisor_sees_the_queue_and_assigns(login, county, case):
    client = login("director")
    page = client.get(reverse("casework:index"))
    assert page.status_code == 200 and f'data-case="{case.pk}"' in page.content.decode()
    investigator = county.staff["investigator"]
    client.post(reverse("casework:assign", args=[case.pk]), {"assignee": investigator.pk})
    assert Case.objects.get(pk=case.pk).assignee == investigator


def test_the_queue_lists_by_priority_and_filters(login, county, alert, paid_claim, case_of):
    low = case_of([alert("H2", subject_type="hospital", score=0.5, amount_fen=1000)])
    high = case_of([alert(paid_claim.pk, amount_fen=900000)])
    client = login("investigator")
    body = client.get(reverse("casework:index")).content.decode()
    assert body.index(f'data-case="{high.pk}"') < body.index(f'data-case="{low.pk}"')
    body = client.get(reverse("casework:index"), {"township": "T01"}).content.decode()
    assert f'data-case="{high.pk}"' in body and f'data-case="{low.pk}"' not in body
    body = client.get(reverse("casework:index"), {"hospital": "H2"}).content.decode()
    assert f'data-case="{low.pk}"' in body and f'data-case="{high.pk}"' not in body


def test_the_queue_pages_by_keyset(login, county, alert, case_of, monkeypatch):
    monkeypatch.setattr("casework.queue.PAGE", 2)
    cases = [case_of([alert(f"H{n}", subject_type="hospital", amount_fen=1000 * n)])
             for n in range(1, 6)]
    client = login("investigator")
    first = client.get(reverse("casework:index"))
    assert [c.pk for c in first.context["rows"]] == [cases[4].pk, cases[3].pk]
    second = client.get(reverse("casework:index") + first.context["page"].next_url)
    assert [c.pk for c in second.context["rows"]] == [cases[2].pk, cases[1].pk]
    forged = client.get(reverse("casework:index"), {"_after": "forged:cursor"})
    assert [c.pk for c in forged.context["rows"]] == [cases[4].pk, cases[3].pk]


def test_the_queue_sorts_by_any_sortable_column_and_pages_in_that_order(
        login, alert, case_of, monkeypatch):
    monkeypatch.setattr("casework.queue.PAGE", 2)
    cases = [case_of([alert(f"H{n}", subject_type="hospital", amount_fen=1000 * n)])
             for n in range(1, 6)]
    client = login("investigator")
    by_amount = client.get(reverse("casework:index"), {"_orderby": "amount"})
    assert [c.pk for c in by_amount.context["rows"]] == [cases[0].pk, cases[1].pk]
    following = client.get(reverse("casework:index") + by_amount.context["page"].next_url)
    assert [c.pk for c in following.context["rows"]] == [cases[2].pk, cases[3].pk]
    headers = {h["key"]: h for h in by_amount.context["table"].headers}
    assert headers["amount"]["sorted"] == "ascending" and "_orderby=-amount" in headers[
        "amount"]["url"]
    assert headers["schemes"]["url"] is None  # not sortable
    by_subject = client.get(reverse("casework:index"), {"_orderby": "-subject"})
    assert [c.subject_id for c in by_subject.context["rows"]] == ["H5", "H4"]
    ignored = client.get(reverse("casework:index"), {"_orderby": "assignee__password"})
    assert [c.pk for c in ignored.context["rows"]] == [cases[4].pk, cases[3].pk]


def test_the_queue_exports_every_filtered_row_with_formulas_neutralised(
        login, alert, case_of):
    for n in range(1, 4):
        case_of([alert(f"H{n}", subject_type="hospital", amount_fen=1000 * n)])
    Hospital.objects.filter(code="H2").update(name="=cmd|' /C calc'!A0")
    client = login("director")  # the supervisor reads the queue, not the cases
    response = client.get(reverse("casework:index"), {"_export": "csv", "_orderby": "amount"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(
        "utf-8-sig"))))
    assert rows[0][:5] == ["Case", "Subject", "Schemes", "Priority", "Amount at risk (yuan)"]
    assert [row[4] for row in rows[1:]] == ["10", "20", "30"]
    assert rows[2][8] == "'=cmd|' /C calc'!A0"  # case H2's hospital name, quoted
    xlsx = client.get(reverse("casework:index"), {"_export": "xlsx", "state": "intake"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login("clerk_t01").get(reverse("casework:index"), {"_export": "csv"}).status_code \
        == 403


def test_the_queue_query_count_does_not_grow_with_cases(login, alert, case_of):
    client = login("investigator")
    case_of([alert("H1", subject_type="hospital")])
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("casework:index"))
    for n in range(2, 12):
        case_of([alert(f"H{n}", subject_type="hospital")])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("casework:index"))
    assert len(many) == len(one) <= 12


def test_an_investigator_works_a_case_through_the_pages(login, county, case):
    client = login("investigator")
    assert client.post(reverse("casework:assign", args=[case.pk])).status_code == 302
    for _step in range(4):
        client.post(reverse("casework:act", args=[case.pk, "advance"]))
    client.post(reverse("casework:act", args=[case.pk, "note"]), {"text": "bills compared"})
    client.post(reverse("casework:act", args=[case.pk, "evidence"]),
                {"file": SimpleUploadedFile("scan.pdf", PDF), "description": "bill"})
    page = client.get(reverse("casework:case", args=[case.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "bills compared" in body and "scan.pdf" in body
    assert "Decision pending" in body
    client.post(reverse("casework:act", args=[case.pk, "decide"]),
                {"outcome": "confirmed", "reason": "proved", "fabricated": "on"})
    order = RecoveryOrder.objects.get(case=case)
    assert order.amount_fen == 90000
    body = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "900.00" in body
    letter = client.get(reverse("casework:letter", args=[case.pk]))
    assert letter["Content-Type"] == "application/pdf" and letter.content.startswith(b"%PDF")
    item = case.evidence.get()
    download = client.get(reverse("casework:evidence", args=[case.pk, item.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_a_refused_file_is_reported_on_the_page(login, case):
    client = login("investigator")
    response = client.post(reverse("casework:act", args=[case.pk, "evidence"]),
                           {"file": SimpleUploadedFile("x.pdf", b"not a pdf")}, follow=True)
    assert "not one of the allowed types" in response.content.decode()
    assert not case.evidence.exists()
