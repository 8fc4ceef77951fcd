"""Objections: anyone on the public page (honeypot, rate limit), staff by telephone or in
person, only while the window is open; the notice shows how many were raised; the window
closes (DOMAIN.md "Monthly public notices")."""
import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.exceptions import PermissionDenied, ValidationError

from notices import services
from notices.choices import NoticeState, ObjectionChannel
from notices.models import Objection
from tests.notices.conftest import notice_of


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(march, publish):
    return publish(notice_of("T01"))


def test_anyone_files_an_objection_on_the_public_page(published, client):
    response = client.post(f"/public/notices/{published.pk}/", {
        "text": "木* did not stay in hospital", "line_no": 2, "name": "", "contact": "",
        "website": ""})
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.channel, objection.line_no, objection.recorded_by) == (
        ObjectionChannel.PUBLIC_PAGE, 2, None)
    page = client.get(f"/public/notices/{published.pk}/")
    assert page.context["objection_count"] == 1
    shown = page.content.decode().split('id="objection-count">')[1].split("</p>")[0]
    assert re.search(r"(?<!\d)1(?!\d)", shown), shown


def test_honeypot_filled_is_dropped_silently(published, client):
    response = client.post(f"/public/notices/{published.pk}/", {
        "text": "buy now", "website": "http://spam.example"})
    assert response.status_code == 302 and not Objection.objects.exists()


def test_rate_limit_per_address(published, client, settings):
    settings.NOTICE_OBJECTIONS_PER_HOUR = 2
    for n in range(3):
        client.post(f"/public/notices/{published.pk}/", {"text": f"objection {n}"},
                    REMOTE_ADDR="10.0.0.7")
    client.post(f"/public/notices/{published.pk}/", {"text": "another address"},
                REMOTE_ADDR="10.0.0.8")
    assert sorted(Objection.objects.values_list("text", flat=True)) == [
        "another address", "objection 0", "objection 1"]


def test_staff_record_phone_and_in_person_objections(published, march, client):
    services.record_objection(published.pk, march.staff["supervisor"], ObjectionChannel.PHONE,
                              "Caller says line 1 is a relative of the clerk", line_no=1)
    client.force_login(march.staff["clerk_t01"])
    client.post(f"/public/notices/{published.pk}/objections/record/", {
        "channel": ObjectionChannel.IN_PERSON, "text": "Came to the office about line 4"})
    assert sorted(Objection.objects.values_list("channel", "recorded_by__username")) == [
        (ObjectionChannel.IN_PERSON, "clerk_t01"), (ObjectionChannel.PHONE, "supervisor")]
    for user in (march.staff["accountant"], march.staff["clerk_t02"]):
        with pytest.raises(PermissionDenied):
            services.record_objection(published.pk, user, ObjectionChannel.PHONE, "x")
    assert Objection.objects.count() == 2


def test_objection_to_a_line_the_notice_lacks_is_refused(published):
    with pytest.raises(ValidationError):
        services.file_objection(published.pk, "wrong", line_no=99)
    assert not Objection.objects.exists()


def test_objection_window_closes(published, march, client):
    just_before = published.objections_close_at - dt.timedelta(seconds=1)
    assert services.close_expired(now=just_before) == 0
    published.refresh_from_db()
    assert published.state == NoticeState.PUBLISHED
    assert services.close_expired(now=published.objections_close_at) == 1
    published.refresh_from_db()
    assert published.state == NoticeState.CLOSED
    assert published.closed_at == published.objections_close_at
    with pytest.raises(ValidationError):
        services.file_objection(published.pk, "too late")
    with pytest.raises(ValidationError):
        services.record_objection(published.pk, march.staff["supervisor"],
                                  ObjectionChannel.PHONE, "too late")
    page = client.get(f"/public/notices/{published.pk}/")
    assert page.context["window_open"] is False
    assert 'name="text"' not in page.content.decode()  # no objection form
    assert not Objection.objects.exists()


def test_close_command_closes_expired_windows_only(march, publish, settings):
    settings.NOTICE_OBJECTION_DAYS = 0
    expired = publish(notice_of("T01"))
    settings.NOTICE_OBJECTION_DAYS = 7
    still_open = publish(notice_of("T02"))
    call_command("close_notice_windows")
    expired.refresh_from_db()
    still_open.refresh_from_db()
    assert (expired.state, still_open.state) == (NoticeState.CLOSED, NoticeState.PUBLISHED)
