"""The public pages need no login and show published notices only, masked names only, the
PDF with its SHA-256; staff find their notice tasks in the "Notices" application."""
import hashlib

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.notices.conftest import notice_of


def test_list_shows_published_notices_by_township_without_login(march, publish, client):
    published = publish(notice_of("T01"))
    response = client.get("/public/notices/")
    assert response.status_code == 200
    listed = {township.code: [n.pk for n in notices]
              for township, notices in response.context["by_township"].items()}
    assert listed == {"T01": [published.pk]}  # T02's draft is not public


def test_list_query_count_does_not_grow_with_notices(march, publish, client):
    publish(notice_of("T01"))
    with CaptureQueriesContext(connection) as one:
        client.get("/public/notices/")
    publish(notice_of("T02"))
    with CaptureQueriesContext(connection) as two:
        client.get("/public/notices/")
    assert len(one) == len(two)


def test_detail_shows_masked_names_and_the_pdf_hash(march, publish, client):
    notice = publish(notice_of("T01"))
    page = client.get(f"/public/notices/{notice.pk}/").content.decode()
    assert f'<code id="pdf-sha256">{notice.pdf_sha256}</code>' in page
    assert "诸**明" in page and "司*光" in page
    for whole in ("张伟", "李娜", "司马光", "诸葛孔明"):
        assert whole not in page
    pdf = client.get(f"/public/notices/{notice.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == notice.pdf_sha256


def test_drafts_are_not_public(march, client):
    assert client.get(f"/public/notices/{notice_of('T01').pk}/").status_code == 404
    assert client.get(f"/public/notices/{notice_of('T01').pk}/pdf/").status_code == 404


def test_notices_application_opens_for_the_committee_not_hospitals(march, client):
    client.force_login(march.staff["supervisor"])
    assert client.get("/notice_review/queue/").status_code == 200
    client.force_login(march.staff["hospital_admin_h2"])
    assert client.get("/notice_review/queue/").status_code == 403
