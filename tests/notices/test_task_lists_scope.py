"""The notice review's board, queue and inbox list only the notices of the user's township
(a township's supervision committee member never sees another township's draft), while the
county committee sees every township's (claimdesk.flow_pages, registry.scope)."""
from registry.choices import Role
from tests.notices.conftest import notice_of, open_task

LISTS = ("/notice_review/", "/notice_review/queue/")


def task_links(client, url: str, notice) -> bool:
    """Does the page link the notice's open review task?"""
    body = client.get(url).content.decode()
    return f"/notice_review/{notice.process_id}/review/{open_task(notice).pk}/" in body


def test_township_member_lists_only_their_township(march, client):
    member = march.add_staff("supervisor_t02", Role.SUPERVISION_COMMITTEE, township="T02")
    client.force_login(member)
    for url in LISTS:
        assert task_links(client, url, notice_of("T02")), url
        assert not task_links(client, url, notice_of("T01")), url


def test_county_member_lists_every_township(march, client):
    client.force_login(march.staff["supervisor"])
    for url in LISTS:
        assert task_links(client, url, notice_of("T01")), url
        assert task_links(client, url, notice_of("T02")), url


def test_inbox_keeps_only_tasks_in_scope(march, client):
    """A task assigned to a member whose scope then moved away leaves their inbox."""
    member = march.add_staff("supervisor_t02", Role.SUPERVISION_COMMITTEE, township="T02")
    task = open_task(notice_of("T02"))
    task.owner, task.status = member, "ASSIGNED"
    task.save(update_fields=["owner", "status"])
    client.force_login(member)
    assert task_links(client, "/notice_review/inbox/", notice_of("T02"))
    member.staff.township_id = "T01"
    member.staff.save(update_fields=["township"])
    assert not task_links(client, "/notice_review/inbox/", notice_of("T02"))
