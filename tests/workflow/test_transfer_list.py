"""The transfers list like every list: sorted by a column header, paged by keyset, exported
to CSV/XLSX with every row the user may see under the state filter, nothing beyond."""
import csv
import io

import pytest

from registry.choices import Role
from registry.models import Township
from workflow import transfers


@pytest.fixture
def filed(county):
    """Three transfers between 东河镇 (T01) and 西山乡 (T02), filed in this order."""
    return [transfers.file_transfer(
        county.staff[f"clerk_{old.lower()}"], person_id=county.people[key].pk,
        from_scheme="ncms", to_scheme="urban_resident", reason="moved", old_township_id=old,
        new_township_id=new, new_village_id=f"{new}V01")
        for key, old, new in (("zhang_wei", "T01", "T02"), ("li_na", "T01", "T02"),
                              ("ouyang_xiu", "T02", "T01"))]


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [transfer.pk for transfer in response.context["rows"]]


def test_newest_first_then_any_sortable_column_with_keyset_pages(
        county, filed, client, monkeypatch):
    monkeypatch.setattr("workflow.transfer_views.PAGE_SIZE", 2)
    client.force_login(county.staff["director"])
    first = client.get("/transfers/")
    assert listed(first) == [filed[2].pk, filed[1].pk]
    assert listed(client.get("/transfers/" + first.context["page"].next_url)) == [filed[0].pk]
    by_number = client.get("/transfers/", {"_orderby": "transfer"})
    assert listed(by_number) == [filed[0].pk, filed[1].pk]
    names = sorted((t.person.name, t.pk) for t in filed)
    assert listed(client.get("/transfers/", {"_orderby": "person"})) == [
        pk for _name, pk in names[:2]]


def test_export_has_every_visible_row_and_nothing_for_another_township(
        county, filed, client):
    client.force_login(county.staff["clerk_t02"])  # the new office sees them
    response = client.get("/transfers/", {"_export": "csv", "state": "requested"})
    rows = list(csv.reader(io.StringIO(
        b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["#", "Person"] and len(rows) == 4
    assert {row[0] for row in rows[1:]} == {str(t.pk) for t in filed}
    xlsx = client.get("/transfers/", {"_export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    Township.objects.create(code="T03", name="南湖镇")
    client.force_login(county.add_staff("clerk_t03", Role.CLERK, township="T03"))
    response = client.get("/transfers/", {"_export": "csv"})
    assert b"".join(response.streaming_content).decode("utf-8-sig").count("\n") == 1
