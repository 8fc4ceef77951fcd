"""Scheme transfers (转移接续, DOMAIN.md "Referrals and transfers"): the old office confirms the
last day of cover, the new office the first day, exactly the next day; the registry's cover
moves on completion; both offices see the transfer, a third township does not."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from viewflow.workflow.models import Task

from audit.models import AuditEntry
from registry.choices import Role
from registry.models import Enrolment, Township, Village
from workflow import transfers
from workflow.choices import TransferState
from workflow.models import SchemeTransfer

END = dt.date(2025, 6, 30)


def open_task(transfer) -> Task:
    return Task.objects.get(process_id=transfer.process_id, status__in=transfers.OPEN_TASK)


@pytest.fixture
def clerk_t03(county):
    township = Township.objects.create(code="T03", name="南湖镇")
    Village.objects.create(code="T03V01", township=township, name="南湖1村")
    return county.add_staff("clerk_t03", Role.CLERK, township="T03")


@pytest.fixture
def transfer(county):
    """张伟 moves from the rural scheme at 东河镇 (T01) to the urban scheme at 西山乡 (T02)."""
    return transfers.file_transfer(
        county.staff["clerk_t01"], person_id=county.people["zhang_wei"].pk, from_scheme="ncms",
        to_scheme="urban_resident", reason="moved to the town", old_township_id="T01",
        new_township_id="T02", new_village_id="T02V01")


@pytest.fixture
def end_confirmed(county, transfer):
    transfers.confirm_end(open_task(transfer).pk, county.staff["clerk_t01"], END)
    transfer.refresh_from_db()
    return transfer


def test_transfer_completes_with_contiguous_dates(county, end_confirmed):
    person = county.people["zhang_wei"]
    transfers.confirm_start(open_task(end_confirmed).pk, county.staff["clerk_t02"],
                            dt.date(2025, 7, 1), "registered at the new office")
    end_confirmed.refresh_from_db()
    assert end_confirmed.state == TransferState.COMPLETED
    assert (end_confirmed.end_confirmed_by.username,
            end_confirmed.start_confirmed_by.username) == ("clerk_t01", "clerk_t02")
    old = Enrolment.objects.get(person=person, scheme="ncms", year=2025)
    new = Enrolment.objects.get(person=person, scheme="urban_resident", year=2025)
    assert old.enrolled_to == END
    assert (new.enrolled_from, new.enrolled_to) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert (new.township_id, new.village_id, new.tier, new.certificate_id) == (
        "T02", "T02V01", old.tier, old.certificate_id)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"workflow.transfer_filed", "workflow.transfer_confirm_end",
            "workflow.transfer_confirm_start", "registry.cover_ended",
            "registry.cover_started"} <= actions
    assert not Task.objects.filter(process_id=end_confirmed.process_id,
                                   status__in=transfers.OPEN_TASK).exists()


@pytest.mark.parametrize("start, words", [
    (dt.date(2025, 7, 3), "leaving a gap of 2 day(s)"),
    (dt.date(2025, 6, 15), "overlapping the old cover (which ends on 2025-06-30) by 16 day(s)"),
])
def test_gap_or_overlap_is_refused_and_changes_nothing(county, end_confirmed, start, words):
    task = open_task(end_confirmed)
    with pytest.raises(ValidationError) as refused:
        transfers.confirm_start(task.pk, county.staff["clerk_t02"], start)
    assert words in refused.value.messages[0]
    assert "it must start on 2025-07-01" in refused.value.messages[0]
    end_confirmed.refresh_from_db()
    assert end_confirmed.state == TransferState.END_CONFIRMED and end_confirmed.start_date is None
    assert Enrolment.objects.get(person=county.people["zhang_wei"], scheme="ncms"
                                 ).enrolled_to == dt.date(2025, 12, 31)
    assert not Enrolment.objects.filter(scheme="urban_resident").exists()
    assert open_task(end_confirmed).pk == task.pk


def test_end_date_must_be_inside_the_old_cover(county, transfer):
    with pytest.raises(ValidationError, match="has no cover in scheme ncms on 2026-01-05"):
        transfers.confirm_end(open_task(transfer).pk, county.staff["clerk_t01"],
                              dt.date(2026, 1, 5))


def test_only_the_office_whose_turn_it_is_confirms(county, transfer):
    with pytest.raises(PermissionDenied):
        transfers.confirm_end(open_task(transfer).pk, county.staff["clerk_t02"], END)
    transfers.confirm_end(open_task(transfer).pk, county.staff["clerk_t01"], END)
    with pytest.raises(PermissionDenied):
        transfers.confirm_start(open_task(transfer).pk, county.staff["clerk_t01"],
                                END + dt.timedelta(days=1))


def test_both_offices_see_it_a_third_township_does_not(county, transfer, clerk_t03, client):
    for username in ("clerk_t01", "clerk_t02", "director"):
        user = county.staff[username]
        assert list(transfers.visible_transfers(user)) == [transfer]
        client.force_login(user)
        page = client.get(f"/transfers/transfer/{transfer.pk}/")
        assert page.status_code == 200 and "Waiting for the old office" in page.content.decode()
    assert not transfers.visible_transfers(clerk_t03).exists()
    assert not transfers.open_tasks(clerk_t03).exists()
    client.force_login(clerk_t03)
    assert client.get(f"/transfers/transfer/{transfer.pk}/").status_code == 403
    assert client.get(f"/transfers/{transfer.process_id}/").status_code == 403  # Viewflow's
    assert str(transfer.person.name) not in client.get("/transfers/").content.decode()


def test_only_the_old_office_has_the_first_task_in_its_queue(county, transfer, client):
    task = open_task(transfer)
    assert list(transfers.open_tasks(county.staff["clerk_t01"])) == [task]
    assert not transfers.open_tasks(county.staff["clerk_t02"]).exists()
    link = f"/transfers/{transfer.process_id}/confirm_end/{task.pk}/"
    client.force_login(county.staff["clerk_t01"])
    assert link in client.get("/transfers/queue/").content.decode()
    client.force_login(county.staff["clerk_t02"])
    assert link not in client.get("/transfers/queue/").content.decode()
    # Viewflow's own process and task lists are not scoped, so the application leaves them out
    assert client.get("/transfers/flows/").status_code == 404
    assert client.get("/transfers/tasks/").status_code == 404


def test_refusal_needs_a_reason_and_ends_the_process(county, transfer):
    with pytest.raises(ValidationError):
        transfers.refuse(open_task(transfer).pk, county.staff["clerk_t01"], " ")
    transfers.refuse(open_task(transfer).pk, county.staff["clerk_t01"], "not insured here")
    transfer.refresh_from_db()
    assert (transfer.state, transfer.refusal) == (TransferState.REFUSED, "not insured here")
    assert not Task.objects.filter(process_id=transfer.process_id,
                                   status__in=transfers.OPEN_TASK).exists()


def test_moving_out_of_the_county_is_confirmed_by_the_county_office(county):
    """The new office is outside the county: its letter is recorded by county-wide staff; only
    the old cover changes here."""
    person = county.people["li_na"]
    transfer = transfers.file_transfer(
        county.staff["clerk_t01"], person_id=person.pk, from_scheme="ncms",
        to_scheme="urban_rural_resident", reason="moved to Chongqing", old_township_id="T01",
        new_county="重庆市渝北区医保中心")
    transfers.confirm_end(open_task(transfer).pk, county.staff["clerk_t01"], END)
    with pytest.raises(PermissionDenied):
        transfers.confirm_start(open_task(transfer).pk, county.staff["clerk_t01"],
                                END + dt.timedelta(days=1))
    transfers.confirm_start(open_task(transfer).pk, county.staff["director"],
                            END + dt.timedelta(days=1), "letter 2025-118")
    transfer.refresh_from_db()
    assert transfer.state == TransferState.COMPLETED
    assert list(Enrolment.objects.filter(person=person).values_list("scheme", "enrolled_to")
                ) == [("ncms", END)]


def incoming(county, person):
    """A transfer into 西山乡 (T02) from an office outside the county; the county office has
    recorded the other county's letter (the end date)."""
    transfer = transfers.file_transfer(
        county.staff["clerk_t02"], person_id=person.pk, from_scheme="urban_rural_resident",
        to_scheme="urban_resident", reason="came back from Chongqing",
        old_county="重庆市渝北区医保中心", new_township_id="T02")
    transfers.confirm_end(open_task(transfer).pk, county.staff["director"], END, "letter 118")
    return transfer


def test_moving_in_from_outside_starts_cover_here(county):
    person = county.add_person("chen_xin", "陈新", "F", dt.date(1990, 2, 2), "T02V01", tier=2)
    Enrolment.objects.filter(person=person).update(
        year=2024, enrolled_from=dt.date(2024, 1, 1), enrolled_to=dt.date(2024, 12, 31))
    transfer = incoming(county, person)
    transfers.confirm_start(open_task(transfer).pk, county.staff["clerk_t02"],
                            dt.date(2025, 7, 1))
    new = Enrolment.objects.get(person=person, year=2025)
    assert (new.scheme, new.enrolled_from, new.tier, new.village_id) == (
        "urban_resident", dt.date(2025, 7, 1), 2, "T02V01")


def test_moving_in_is_refused_while_another_cover_runs(county):
    """wang_xiaoming is still in the rural scheme here all year: a second cover would overlap."""
    transfer = incoming(county, county.people["wang_xiaoming"])
    with pytest.raises(ValidationError, match="covered by scheme ncms until 2025-12-31"):
        transfers.confirm_start(open_task(transfer).pk, county.staff["clerk_t02"],
                                dt.date(2025, 7, 1))
    assert not Enrolment.objects.filter(scheme="urban_resident").exists()


@pytest.mark.parametrize("changes, field", [
    ({"to_scheme": "ncms"}, "to_scheme"),  # same scheme inside the county: a change of address
    ({"new_township_id": None}, "new_county"),  # no new office named
    ({"new_county": "外县"}, "new_county"),  # both a township and an outside office
    ({"new_village_id": None}, "new_village"),  # household in another township, no village
])
def test_filing_refuses_unclear_offices(county, changes, field):
    arguments = dict(person_id=county.people["zhang_wei"].pk, from_scheme="ncms",
                     to_scheme="urban_resident", reason="moved", old_township_id="T01",
                     new_township_id="T02", new_village_id="T02V01")
    arguments.update(changes)
    with pytest.raises(ValidationError) as refused:
        transfers.file_transfer(county.staff["clerk_t01"], **arguments)
    assert field in refused.value.message_dict
    assert not SchemeTransfer.objects.exists()


def test_a_third_township_cannot_file_for_others(county, clerk_t03):
    with pytest.raises(PermissionDenied):
        transfers.file_transfer(clerk_t03, person_id=county.people["zhang_wei"].pk,
                                from_scheme="ncms", to_scheme="urban_resident", reason="x",
                                old_township_id="T01", new_township_id="T02",
                                new_village_id="T02V01")


def test_pages_file_and_confirm_both_dates(county, client):
    client.force_login(county.staff["clerk_t01"])
    response = client.post("/transfers/file/", {
        "person_id": county.people["zhang_wei"].pk, "from_scheme": "ncms",
        "to_scheme": "urban_resident", "old_township": "T01", "new_township": "T02",
        "new_village": "T02V01", "reason": "moved to the town"})
    transfer = SchemeTransfer.objects.get()
    assert response.status_code == 302 and response.url == f"/transfers/transfer/{transfer.pk}/"
    for username, step, day in (("clerk_t01", "confirm_end", "2025-06-30"),
                                ("clerk_t02", "confirm_start", "2025-07-01")):
        client.force_login(county.staff[username])
        detail = client.get(f"/transfers/transfer/{transfer.pk}/").content.decode()
        task = open_task(transfer)
        base = f"/transfers/{transfer.process_id}/{step}/{task.pk}"
        assert f"{base}/" in detail  # the "act on this transfer" link
        assert client.post(f"{base}/assign/").status_code in (200, 302)
        response = client.post(f"{base}/execute/", {"decision": "confirm", "day": day,
                                                    "note": ""})
        assert response.status_code == 302, response.content.decode()[:2000]
    transfer.refresh_from_db()
    assert transfer.state == TransferState.COMPLETED
    assert (transfer.end_date, transfer.start_date) == (END, dt.date(2025, 7, 1))


def test_task_page_shows_the_gap_refusal(county, end_confirmed, client):
    client.force_login(county.staff["clerk_t02"])
    task = open_task(end_confirmed)
    base = f"/transfers/{end_confirmed.process_id}/confirm_start/{task.pk}"
    client.post(f"{base}/assign/")
    page = client.post(f"{base}/execute/", {"decision": "confirm", "day": "2025-07-05"})
    assert page.status_code == 200 and "leaving a gap of 4 day(s)" in page.content.decode()
