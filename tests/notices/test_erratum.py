"""A correction is a new erratum notice pointing at the original, which never changes; the
link runs both ways, on the records and on the public pages (DOMAIN.md)."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notices import services
from notices.choices import NoticeState
from tests.notices.conftest import notice_of, open_task, pay


def test_erratum_links_both_ways(march, publish, client):
    original = publish(notice_of("T01"))
    sha = original.pdf_sha256
    pay(march, ["sima_guang"], [300])  # a payment left out of the March notice
    erratum = services.draft_erratum(original.pk, march.staff["clerk_t01"],
                                     "One payment of 20 March was missing.")
    erratum = publish(erratum)
    original.refresh_from_db()
    assert erratum.erratum_of == original and list(original.errata.all()) == [erratum]
    assert (erratum.township_id, erratum.month) == (original.township_id, original.month)
    assert erratum.claim_count == original.claim_count + 1
    assert original.pdf_sha256 == sha and original.state == NoticeState.PUBLISHED
    original_page = client.get(f"/public/notices/{original.pk}/").content.decode()
    erratum_page = client.get(f"/public/notices/{erratum.pk}/").content.decode()
    assert f'href="/public/notices/{erratum.pk}/"' in original_page
    assert f'href="/public/notices/{original.pk}/"' in erratum_page


def test_erratum_waits_for_the_committee_before_it_shows(march, publish, client):
    original = publish(notice_of("T01"))
    erratum = services.draft_erratum(original.pk, march.staff["clerk_t01"], "Wrong hospital.")
    assert erratum.state == NoticeState.DRAFT and open_task(erratum).flow_task.name == "review"
    assert f"/public/notices/{erratum.pk}/" not in client.get(
        f"/public/notices/{original.pk}/").content.decode()
    assert client.get(f"/public/notices/{erratum.pk}/").status_code == 404


def test_erratum_needs_a_published_original_a_reason_and_the_role(march, publish):
    draft = notice_of("T01")
    clerk = march.staff["clerk_t01"]
    with pytest.raises(ValidationError):
        services.draft_erratum(draft.pk, clerk, "Too early")
    original = publish(draft)
    with pytest.raises(ValidationError):
        services.draft_erratum(original.pk, clerk, " ")
    for user in (march.staff["supervisor"], march.staff["clerk_t02"]):
        with pytest.raises(PermissionDenied):
            services.draft_erratum(original.pk, user, "Wrong hospital.")
    assert not original.errata.exists()
