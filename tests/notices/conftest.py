"""Notice-test helpers: claims paid in March 2025 through the workflow's own services, the
month's notices drafted, and the personas who act on them."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task

from benefits.services import store_claim
from notices import services
from notices.models import Notice
from workflow.models import BillLine, Claim, PaymentBatch
from workflow.services import create_batch, pay_batch, route_claims

MARCH = dt.date(2025, 3, 1)
PAID_ON = dt.datetime(2025, 3, 20, 10, 0)

EXTRA_PEOPLE = [
    # key, name, village, tier: one-, three- and four-character names, compound surnames
    ("mu", "木", "T01V01", 1),
    ("sima_guang", "司马光", "T01V02", 1),
    ("zhuge_kongming", "诸葛孔明", "T01V01", 2),
    ("shangguan_waner", "上官婉儿", "T02V02", 1),
]


def pay(county, person_keys, amounts_yuan, paid_at=PAID_ON):
    """Claims of 500-odd yuan at the township health centre (approved automatically), put in
    one payment batch by the accountant and paid; the batch's payment is dated `paid_at`."""
    claims = []
    for key, amount in zip(person_keys, amounts_yuan):
        person = county.people[key]
        fen = int(Decimal(str(amount)) * 100)
        admitted = paid_at.date() - dt.timedelta(days=10)
        claim = Claim.objects.create(
            claim_id=f"N{Claim.objects.count() + 1:05d}", person=person,
            certificate_no=person.certificates.get().number,
            hospital=county.hospitals[f"H1{person.household.township_id}"],
            claim_type="inpatient", admitted_on=admitted, discharged_on=admitted + dt.timedelta(3),
            diagnosis_code="J18.9", submitted_on=admitted + dt.timedelta(4), total_fen=fen)
        BillLine.objects.create(claim=claim, line_no=1, category="drug", item_code="D001",
                                quantity=1, unit_price_fen=fen, amount_fen=fen,
                                in_catalogue=True, service_date=admitted)
        store_claim(claim)
        claims.append(claim)
    route_claims([c.pk for c in claims])
    batch = pay_batch(create_batch(county.staff["accountant"]).pk, county.staff["accountant"])
    # The accountant paid it on `paid_at` (test set-up: the services stamp "now").
    PaymentBatch.objects.filter(pk=batch.pk).update(paid_at=timezone.make_aware(paid_at))
    return claims


@pytest.fixture
def march(county):
    """Six claims paid in March 2025 (T01: four, T02: two), one in February, and the March
    notices drafted."""
    for key, name, village, tier in EXTRA_PEOPLE:
        county.add_person(key, name, "M", dt.date(1960, 5, 5), village, tier=tier)
    pay(county, ["zhang_wei"], [400], paid_at=dt.datetime(2025, 2, 27, 9, 0))
    pay(county, ["zhang_wei", "li_na", "mu", "sima_guang", "zhuge_kongming", "ouyang_xiu",
                 "shangguan_waner"], [500, 600, 700, 800, 900, 550, 650])
    services.build_month(MARCH)
    return county


def notice_of(township: str, month=MARCH) -> Notice:
    return Notice.objects.get(township_id=township, month=month, erratum_of__isnull=True)


def open_task(notice: Notice) -> Task:
    return Task.objects.get(process=notice.process, status__in=services.OPEN_TASK)


@pytest.fixture
def publish(county):
    """publish(notice): the county supervision committee approves it."""
    def approve(notice):
        services.review(open_task(notice).pk, county.staff["supervisor"], True)
        notice.refresh_from_db()
        return notice
    return approve
