"""Every site list: export of all its rows (formula injection neutralised) and keyset pages."""
import csv
import datetime as dt
import io
import re

import openpyxl
import pytest

from registry.models import Person


@pytest.fixture
def crowd(county):
    """Sixty more people in T01 (more than two pages), one with a formula for a name."""
    for n in range(60):
        name = "=1+2" if n == 0 else f"测试{n % 7}"
        county.add_person(f"p{n}", name, "F", dt.date(1980, 1, 1 + n % 28), "T01V01")
    return county


def page_rows(response) -> list[str]:
    return re.findall(r'<tr data-row-id="([^"]+)"', response.content.decode())


def next_link(response) -> str | None:
    found = re.search(r'href="([^"]+)" data-testid="next-page"', response.content.decode())
    return found and found.group(1).replace("&amp;", "&")


def walk(client, url: str) -> list[str]:
    seen, response = [], client.get(url)
    while True:
        seen += page_rows(response)
        link = next_link(response)
        if not link:
            return seen
        response = client.get(url.split("?")[0] + link)


def test_keyset_pages_show_every_row_once_in_order(crowd, client_of):
    seen = walk(client_of("director"), "/registry/person/")
    assert seen == list(Person.objects.order_by("pk").values_list("pk", flat=True))


def test_keyset_pages_follow_a_sort_on_a_repeated_value(crowd, client_of):
    seen = walk(client_of("director"), "/registry/person/?_orderby=-full_name")
    assert seen == list(Person.objects.order_by("-name", "pk").values_list("pk", flat=True))


def test_a_tampered_cursor_shows_the_first_page(crowd, client_of):
    client = client_of("director")
    first = page_rows(client.get("/registry/person/"))
    assert page_rows(client.get("/registry/person/?_after=forged:cursor")) == first


def test_cursor_from_another_sort_order_is_ignored(crowd, client_of):
    client = client_of("director")
    by_pk = client.get("/registry/person/")
    cursor = next_link(by_pk)
    by_name = client.get("/registry/person/?_orderby=full_name&" + cursor.lstrip("?"))
    assert page_rows(by_name) == page_rows(client.get("/registry/person/?_orderby=full_name"))


def test_csv_export_has_every_row_in_scope_and_neutralises_formulas(crowd, client_of):
    response = client_of("clerk_t01").get("/registry/person/?_export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["Name", "Resident ID"]
    assert len(body) == Person.objects.filter(household__township="T01").count() == 62
    assert ["'=1+2"] == [row[0] for row in body if "1+2" in row[0]]
    assert all(row[5] == "东河镇" for row in body)  # the township column: T01 only


def test_xlsx_export_follows_the_lists_filter(crowd, client_of):
    response = client_of("director").get("/registry/person/?_export=xlsx&sex=M")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) - 1 == Person.objects.filter(sex="M").count() == 3
    assert isinstance(rows[1][3], dt.datetime)  # the birth date stays a date cell


def test_claims_list_filters_by_state(claims, client_of):
    rows = page_rows(client_of("director").get("/claims/claim/?state=approved"))
    assert sorted(rows) == ["CLT01OK", "CLT02OK"]
