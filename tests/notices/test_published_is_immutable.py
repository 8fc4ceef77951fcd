"""A published notice never changes, whichever door is tried: the model, its lines, bulk
querysets, the admin, the public page, the review services (DOMAIN.md: "A published notice is
never changed")."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import get_resolver
from viewflow.workflow.models import Task

from notices import services
from notices.choices import NoticeState
from notices.models import Notice, NoticeLine, PublishedNoticeChange
from tests.notices.conftest import notice_of, open_task


@pytest.fixture
def published(march, publish):
    notice = publish(notice_of("T01"))
    return notice, {"sha": notice.pdf_sha256, "pdf": bytes(notice.pdf),
                    "lines": list(notice.lines.values_list("masked_name", "reimbursed_fen"))}


def _unchanged(notice, before):
    notice.refresh_from_db()
    assert notice.state == NoticeState.PUBLISHED
    assert (notice.pdf_sha256, bytes(notice.pdf)) == (before["sha"], before["pdf"])
    assert list(notice.lines.values_list("masked_name", "reimbursed_fen")) == before["lines"]


def test_model_save_refuses(published):
    notice, before = published
    notice.reimbursed_fen += 100
    with pytest.raises(PublishedNoticeChange):
        notice.save()
    notice.refresh_from_db()
    notice.pdf_sha256 = "0" * 64
    with pytest.raises(PublishedNoticeChange):
        notice.save()
    _unchanged(notice, before)


def test_model_delete_refuses(published):
    notice, before = published
    with pytest.raises(PublishedNoticeChange):
        notice.delete()
    _unchanged(notice, before)


def test_lines_refuse_save_delete_and_new_lines(published):
    notice, before = published
    line = notice.lines.first()
    line.masked_name = "改*"
    with pytest.raises(PublishedNoticeChange):
        line.save()
    with pytest.raises(PublishedNoticeChange):
        line.delete()
    with pytest.raises(PublishedNoticeChange):
        NoticeLine.objects.create(notice=notice, line_no=99, claim_id="X", masked_name="新*",
                                  village_id="T01V01", hospital_name="H", claim_type="inpatient",
                                  total_cost_fen=1, reimbursed_fen=1, paid_on=line.paid_on)
    _unchanged(notice, before)


def test_bulk_querysets_refuse(published):
    notice, before = published
    with pytest.raises(PublishedNoticeChange):
        Notice.objects.filter(pk=notice.pk).update(reimbursed_fen=0)
    with pytest.raises(PublishedNoticeChange):
        Notice.objects.filter(pk=notice.pk).delete()
    with pytest.raises(PublishedNoticeChange):
        NoticeLine.objects.filter(notice=notice).update(reimbursed_fen=0)
    with pytest.raises(PublishedNoticeChange):
        NoticeLine.objects.filter(notice=notice).delete()
    _unchanged(notice, before)


def test_admin_is_read_only(published, client, county):
    notice, before = published
    client.force_login(county.staff["admin"])
    county.staff["admin"].is_staff = True
    county.staff["admin"].save()
    url = f"/admin/notices/notice/{notice.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    client.post(url, {"reimbursed_fen": 0, "state": "draft"})
    assert client.post(f"/admin/notices/notice/{notice.pk}/delete/", {"post": "yes"}
                       ).status_code == 403
    _unchanged(notice, before)


def test_public_page_has_no_edit_method(published, client):
    notice, before = published
    url = f"/public/notices/{notice.pk}/"
    for method in (client.put, client.patch, client.delete):
        assert method(url, {"reimbursed_fen": 0}).status_code == 405
    assert client.post(f"/public/notices/{notice.pk}/pdf/").status_code == 405
    _unchanged(notice, before)


def test_no_page_edits_a_notice(published):
    """The notice pages are these and no other: none of them edits a notice (opening a case
    from an objection writes to casework only; retrying a failed rendering acts only on an
    approved notice not yet published, below). The staff lists are read-only viewsets."""
    namespace = get_resolver().namespace_dict["notices"][1]
    names = {name for name in namespace.reverse_dict if isinstance(name, str)}
    assert names == {"public_list", "public_detail", "public_pdf", "record_objection",
                     "draft_erratum", "open_case", "retry_publication"}


def test_retrying_publication_refuses_a_published_notice(published, client, county):
    notice, before = published
    client.force_login(county.staff["supervisor"])
    assert client.post(f"/public/notices/{notice.pk}/publication/retry/").status_code == 302
    with pytest.raises(ValidationError):
        services.retry_publication(notice.pk, county.staff["supervisor"])
    assert client.post(f"/notice_desk/notice/{notice.pk}/detail/").status_code == 405
    _unchanged(notice, before)


def test_review_services_refuse(published, county):
    notice, before = published
    with pytest.raises(Task.DoesNotExist):
        open_task(notice)
    with pytest.raises(services.NoticeTaskClosed):
        services.review(notice.process.task_set.get(flow_task_type="HUMAN").pk,
                        county.staff["supervisor"], False, "change it")
    _unchanged(notice, before)


def test_closing_the_window_is_the_one_change_allowed(published):
    notice, before = published
    assert services.close_expired(now=notice.objections_close_at) == 1
    notice.refresh_from_db()
    assert notice.state == NoticeState.CLOSED and notice.pdf_sha256 == before["sha"]
    with pytest.raises(PublishedNoticeChange):
        Notice.objects.filter(pk=notice.pk).update(state=NoticeState.PUBLISHED)
    with pytest.raises(PublishedNoticeChange):
        notice.save()  # nothing changed, but a closed notice is never saved again
