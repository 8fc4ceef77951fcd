"""Staff lists of notices and notice lines (issue 5): filters (township, month, state), sort,
keyset pages and CSV/XLSX export through the site's one list machinery (claimdesk.lists),
formula injection neutralised, township staff seeing only their township."""
import csv
import io
import re

import openpyxl

from claimdesk.lists import ListView
from notices.models import Notice, NoticeLine
from tests.dashboard.test_lists import next_link, page_rows, walk
from tests.notices.conftest import notice_of

NOTICES, LINES = "/notice_desk/notice/", "/notice_desk/noticeline/"


def signed_in(client, county, username):
    client.force_login(county.staff[username])
    return client


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_township_staff_see_only_their_township(march, client):
    client = signed_in(client, march, "clerk_t01")
    assert set(page_rows(client.get(NOTICES))) == {str(notice_of("T01").pk)}
    lines = set(page_rows(client.get(LINES)))
    assert lines == {str(pk) for pk in notice_of("T01").lines.values_list("pk", flat=True)}
    assert client.get(f"{NOTICES}{notice_of('T02').pk}/detail/").status_code == 403


def test_filters_by_township_month_and_state(march, publish, client):
    publish(notice_of("T02"))
    client = signed_in(client, march, "supervisor")
    assert page_rows(client.get(f"{NOTICES}?township=T02")) == [str(notice_of("T02").pk)]
    assert page_rows(client.get(f"{NOTICES}?state=draft")) == [str(notice_of("T01").pk)]
    assert len(page_rows(client.get(f"{NOTICES}?month=2025-03"))) == 2
    assert page_rows(client.get(f"{NOTICES}?month=2025-04")) == []
    rows = page_rows(client.get(f"{LINES}?state=published&month=2025-03"))
    assert sorted(rows) == sorted(str(pk) for pk in notice_of("T02").lines.values_list(
        "pk", flat=True))
    page = client.get(f"{NOTICES}?month=March").content.decode()
    assert "Give the month as YYYY-MM" in page


def test_line_pages_walk_every_line_once_in_the_sorted_order(march, client, monkeypatch):
    monkeypatch.setattr(ListView, "paginate_by", 3)  # seven lines: three pages
    client = signed_in(client, march, "supervisor")
    assert len(page_rows(client.get(LINES))) == 3 and next_link(client.get(LINES))
    seen = walk(client, f"{LINES}?_orderby=-total_cost")
    expected = NoticeLine.objects.order_by("-total_cost_fen", "pk").values_list("pk", flat=True)
    assert seen == [str(pk) for pk in expected]


def test_csv_export_has_every_line_in_scope_and_neutralises_formulas(march, client):
    notice = notice_of("T01")
    notice.lines.filter(line_no=1).update(hospital_name="=HYPERLINK(\"http://x\")")  # a draft
    rows = csv_rows(signed_in(client, march, "clerk_t01").get(f"{LINES}?_export=csv"))
    header, body = rows[0], rows[1:]
    assert "Claim ID" in header and len(body) == notice.lines.count()
    hospital = header.index("Hospital")
    assert "'=HYPERLINK(\"http://x\")" in [row[hospital] for row in body]
    assert all(re.fullmatch(r"[^*]\**[^*]?", row[header.index("Name (masked)")]) for row in body)


def test_xlsx_export_of_notices_follows_the_filter(march, client):
    response = signed_in(client, march, "supervisor").get(f"{NOTICES}?_export=xlsx&township=T01")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == notice_of("T01").pk
    assert Notice.objects.count() == 2
    assert next_link(client.get(NOTICES)) is None
