"""people.csv: places, households, people, certificates, enrolments, cards (CONTRACT.md)."""
import datetime as dt

from registry import resident_id
from registry.models import (
    Certificate, CertificateStatusChange, ChronicDiseaseCard, Enrolment, Household, ImportRun,
    Person, Township, Village,
)
from tests.registry.import_files import NEW_PERSON_ID, import_rows, person_row, snapshot

PEOPLE_TABLES = (Township, Village, Household, Person, Certificate, CertificateStatusChange,
                 Enrolment, ChronicDiseaseCard)


def test_people_file_creates_every_registry_row(county, tmp_path):
    run = import_rows(tmp_path, "people", [person_row()], actor=county.staff["admin"])

    assert (run.status, run.rows, run.created, run.updated, run.unchanged) == (
        ImportRun.Status.LOADED, 1, 1, 0, 0)
    person = Person.objects.get(pk=NEW_PERSON_ID)
    assert (person.name, person.sex, person.birth_date) == ("赵敏", "F", dt.date(1980, 5, 6))
    assert person.household.village.township.name == "T03"  # no name column: the code
    enrolment = Enrolment.objects.get(person=person, scheme="ncms", year=2025)
    assert enrolment.category_list == ["dibao", "disabled"]
    assert enrolment.certificate.status == "valid"
    assert enrolment.tier == 1
    history = CertificateStatusChange.objects.get(certificate_id="C900001")
    assert (history.old_status, history.new_status) == ("", "valid")
    assert history.changed_by == county.staff["admin"]
    assert list(ChronicDiseaseCard.objects.filter(person=person).values_list(
        "disease", flat=True)) == ["diabetes"]


def test_township_and_village_names_come_from_optional_columns(db, tmp_path):
    import_rows(tmp_path, "people", [person_row(township_name="南湖镇", village_name="南湖一村")])

    assert Township.objects.get(code="T03").name == "南湖镇"
    assert Village.objects.get(code="T03V01").name == "南湖一村"


def test_importing_the_same_file_twice_changes_nothing(county, tmp_path):
    second = person_row(person_id=resident_id.make("510102", dt.date(1990, 1, 1), 3, "M"),
                        name="钱进", sex="M", birth_date="1990-01-01", certificate_no="C900002",
                        chronic_diseases="")
    import_rows(tmp_path, "people", [person_row(), second])
    before = snapshot(*PEOPLE_TABLES)

    run = import_rows(tmp_path, "people", [person_row(), second])

    assert (run.created, run.updated, run.unchanged) == (0, 0, 2)
    assert snapshot(*PEOPLE_TABLES) == before


def test_changed_row_updates_and_records_the_certificate_status(county, tmp_path):
    import_rows(tmp_path, "people", [person_row()])

    run = import_rows(tmp_path, "people", [person_row(
        name="赵敏敏", certificate_status="lost", tier="2", died_on="2025-06-30")])

    assert (run.created, run.updated, run.unchanged) == (0, 1, 0)
    person = Person.objects.get(pk=NEW_PERSON_ID)
    assert (person.name, person.died_on) == ("赵敏敏", dt.date(2025, 6, 30))
    assert Enrolment.objects.get(person=person).tier == 2
    changes = CertificateStatusChange.objects.filter(certificate_id="C900001").order_by("id")
    assert [(c.old_status, c.new_status) for c in changes] == [("", "valid"), ("valid", "lost")]


def test_one_bad_row_rejects_the_file_and_reports_exactly_that_row(county, tmp_path):
    bad_id = NEW_PERSON_ID[:17] + ("0" if NEW_PERSON_ID[17] != "0" else "1")
    other = resident_id.make("510102", dt.date(1990, 1, 1), 3, "M")
    rows = [person_row(person_id=other, sex="M", birth_date="1990-01-01",
                       certificate_no="C900002"),
            person_row(person_id=bad_id)]
    before = snapshot(*PEOPLE_TABLES)

    run = import_rows(tmp_path, "people", rows)

    assert run.status == ImportRun.Status.REJECTED
    assert len(run.errors) == 1
    error = run.errors[0]
    assert (error["row"], error["column"], error["value"]) == (3, "person_id", bad_id)
    assert "check character" in error["reason"]
    assert snapshot(*PEOPLE_TABLES) == before
    assert ImportRun.objects.get(pk=run.pk).errors == run.errors  # survives the rollback


def test_sex_and_birth_date_must_agree_with_the_resident_id(db, tmp_path):
    run = import_rows(tmp_path, "people", [person_row(sex="M", birth_date="1980-05-07")])

    assert run.status == ImportRun.Status.REJECTED
    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [
        (2, "sex", "M"), (2, "birth_date", "1980-05-07")]
    assert "does not agree with person_id" in run.errors[0]["reason"]
    assert not Person.objects.exists()


def test_enrolment_dates_must_lie_inside_the_policy_year(db, tmp_path):
    run = import_rows(tmp_path, "people", [person_row(enrolled_to="2026-01-31")])

    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [
        (2, "enrolled_to", "2026-01-31")]
    assert "inside the policy year 2025" in run.errors[0]["reason"]


def test_a_certificate_of_another_person_is_refused(county, tmp_path):
    holder = county.people["zhang_wei"]
    number = holder.certificates.get().number

    run = import_rows(tmp_path, "people", [person_row(certificate_no=number)])

    assert [(e["row"], e["column"], e["value"]) for e in run.errors] == [
        (2, "certificate_no", number)]
    assert holder.person_id in run.errors[0]["reason"]


def test_every_bad_row_is_listed(db, tmp_path):
    rows = [person_row(year="2025", tier="3"),
            person_row(scheme="ncms", year="2024", certificate_status="stolen",
                       enrolled_from="2024-01-01", enrolled_to="2024-12-31"),
            person_row(categories="dibao;rich", scheme="urban_resident")]

    run = import_rows(tmp_path, "people", rows)

    assert [(e["row"], e["column"]) for e in run.errors] == [
        (2, "tier"), (3, "certificate_status"), (4, "categories")]
    assert not Enrolment.objects.exists()


def test_the_same_person_scheme_and_year_twice_is_a_duplicate(db, tmp_path):
    run = import_rows(tmp_path, "people", [person_row(), person_row(tier="2")])

    assert run.errors == [{"row": 3, "column": "person_id+scheme+year",
                           "value": f"{NEW_PERSON_ID}/ncms/2025",
                           "reason": "duplicate key: already in row 2"}]
    assert not Person.objects.exists()
