"""The registry's contract files: hospitals, people, staff, relations (CONTRACT.md).

Each kind is a small FileSpec on the one importer framework (registry.importing): its
columns with their parsers, its key, the cross-row checks, and how rows become tables.
"""
from __future__ import annotations


from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from registry.choices import (
    CertificateStatus, Category, ChronicDisease, HospitalKind, HospitalLevel, Relation, Role,
    Scheme, Sex, Tier, VeteranCategory,
)
from registry.importing import parsers
from registry.importing.runner import Column, Counts, FileSpec, Row
from registry.importing.tables import TableWriter
from registry.models import (
    Certificate, CertificateStatusChange, ChronicDiseaseCard, DeclaredRelation, Enrolment,
    Hospital, Household, Person, StaffProfile, Township, Village,
)


def counts_of(changes) -> Counts:
    return Counts(len(changes.created), len(changes.updated), changes.unchanged)


class TownshipsByCode:
    """Townships named in a file: created with the code as name unless a name is given
    (people.csv has only codes; an optional `township_name` column names them)."""

    def __init__(self):
        self.writer = TableWriter(Township, ("code",), (), insert_only=("name",))
        self.named = TableWriter(Township, ("code",), ("name",))

    def save(self, names: dict[str, str | None], write: bool) -> None:
        if not write or not names:
            return
        self.writer.save([{"code": code, "name": code} for code, name in names.items()
                          if not name])
        self.named.save([{"code": code, "name": name} for code, name in names.items() if name])


class HospitalsSpec(FileSpec):
    """hospitals.csv, key hospital_code. A level-1 provider names the township it serves
    (CONTRACT.md); hospitals load before people.csv, so an unknown township is created."""

    kind = "hospitals"
    key = ("hospital_code",)
    columns = (
        Column("hospital_code"),
        Column("name"),
        Column("level", parsers.choice(HospitalLevel.values)),
        Column("kind", parsers.choice(HospitalKind.values)),
        Column("nonprofit", parsers.boolean),
        Column("in_county", parsers.boolean),
        Column("township_code", blank=True, empty=None),
    )

    def begin(self):
        self.townships = TownshipsByCode()
        self.writer = TableWriter(Hospital, ("code",), (
            "name", "level", "kind", "nonprofit", "in_county", "township_id"), file_key=True)

    def row_errors(self, row):
        d = row.data
        if d["township_code"] and d["level"] != HospitalLevel.LEVEL_1:
            return [("township_code", d["township_code"],
                     _("only level-1 providers serve a township; leave it empty"))]
        return []

    def store(self, rows, report, write):
        self.townships.save({r.data["township_code"]: None for r in rows
                             if r.data["township_code"]}, write)
        records = [{"code": d["hospital_code"], "name": d["name"], "level": d["level"],
                    "kind": d["kind"], "nonprofit": d["nonprofit"], "in_county": d["in_county"],
                    "township_id": d["township_code"]} for d in (r.data for r in rows)]
        changes = self.writer.compare(records, self.writer.existing(r["code"] for r in records))
        if write:
            self.writer.write(changes)
        return counts_of(changes)


def enrolment_year_errors(data: dict) -> list[tuple[str, object, str]]:
    """CONTRACT.md people.csv: coverage dates inside the year, in order."""
    errors = []
    year = data["year"]
    for name in ("enrolled_from", "enrolled_to"):
        if data[name].year != year:
            errors.append((name, data[name], _("must be inside the policy year %(year)s")
                           % {"year": year}))
    if data["enrolled_from"] > data["enrolled_to"]:
        errors.append(("enrolled_to", data["enrolled_to"], _("is before enrolled_from")))
    return errors


def person_id_errors(data: dict) -> list[tuple[str, object, str]]:
    """CONTRACT.md people.csv: sex and birth date must agree with the resident ID."""
    parsed = data["person_id"]
    errors = []
    if data["sex"] != parsed.sex:
        errors.append(("sex", data["sex"], _("does not agree with person_id %(id)s (sex %(sex)s)")
                       % {"id": parsed.value, "sex": parsed.sex}))
    if data["birth_date"] != parsed.birth_date:
        errors.append(("birth_date", data["birth_date"],
                       _("does not agree with person_id %(id)s (born %(date)s)")
                       % {"id": parsed.value, "date": parsed.birth_date.isoformat()}))
    if data["died_on"] and data["died_on"] < data["birth_date"]:
        errors.append(("died_on", data["died_on"], _("is before the birth date")))
    return errors


class PeopleSpec(FileSpec):
    """people.csv, key person_id + scheme + year: townships, villages, households, people,
    certificates (with a status-change row when new or changed), enrolments, chronic-disease
    cards and registered deaths (DOMAIN.md "Who is insured")."""

    kind = "people"
    key = ("person_id", "scheme", "year")
    columns = (
        Column("person_id", parsers.person_id),
        Column("name"),
        Column("sex", parsers.choice(Sex.values)),
        Column("birth_date", parsers.date),
        Column("household_id"),
        Column("township_code"),
        Column("village_code"),
        Column("township_name", blank=True, required=False),
        Column("village_name", blank=True, required=False),
        Column("scheme", parsers.choice(Scheme.values)),
        Column("year", parsers.integer),
        Column("tier", parsers.choice(Tier.values)),
        Column("categories", parsers.choice_list(Category.values), blank=True),
        Column("veteran_category", parsers.choice(VeteranCategory.values), blank=True),
        Column("certificate_no"),
        Column("certificate_status", parsers.choice(CertificateStatus.values)),
        Column("enrolled_from", parsers.date),
        Column("enrolled_to", parsers.date),
        Column("chronic_diseases", parsers.choice_list(ChronicDisease.values), blank=True),
        Column("died_on", parsers.date, blank=True, empty=None),
    )
    PERSON_FIELDS = ("name", "sex", "birth_date", "household_id", "died_on")

    def begin(self):
        self.townships = TownshipsByCode()
        self.villages = TableWriter(Village, ("code",), ("township_id",), insert_only=("name",))
        self.named_villages = TableWriter(Village, ("code",), ("township_id", "name"))
        self.households = TableWriter(Household, ("household_id",), ("township_id", "village_id"))
        self.people = TableWriter(Person, ("person_id",), self.PERSON_FIELDS)
        self.certificates = TableWriter(Certificate, ("number",), ("person_id", "status"))
        self.enrolments = TableWriter(Enrolment, ("person_id", "scheme", "year"), (
            "tier", "household_id", "township_id", "village_id", "categories",
            "veteran_category", "certificate_id", "enrolled_from", "enrolled_to"), file_key=True)
        self.cards = TableWriter(ChronicDiseaseCard, ("person_id", "disease", "year"), ())
        self.village_township = dict(Village.objects.values_list("code", "township_id"))
        self.certificate_holder = {}
        self.person_rows: dict[str, tuple[int, tuple]] = {}

    def prepare(self, rows):
        numbers = {r.data["certificate_no"] for r in rows} - self.certificate_holder.keys()
        for key, values in self.certificates.existing(numbers).items():
            self.certificate_holder[key[0]] = values["person_id"]

    def row_errors(self, row):
        d = row.data
        return (person_id_errors(d) + enrolment_year_errors(d)
                + self._consistency_errors(row))

    def _consistency_errors(self, row: Row) -> list[tuple[str, object, str]]:
        """Rows of one person, village or certificate must agree with each other and the DB."""
        d = row.data
        pid = d["person_id"].value
        errors = []
        township = self.village_township.setdefault(d["village_code"], d["township_code"])
        if township != d["township_code"]:
            errors.append(("village_code", d["village_code"],
                           _("village belongs to township %(code)s") % {"code": township}))
        holder = self.certificate_holder.setdefault(d["certificate_no"], pid)
        if holder != pid:
            errors.append(("certificate_no", d["certificate_no"],
                           _("certificate belongs to person %(id)s") % {"id": holder}))
        person = tuple(d[name] for name in ("name", "sex", "birth_date", "household_id",
                                            "died_on"))
        first_row, first = self.person_rows.setdefault(pid, (row.number, person))
        if first != person:
            errors.append(("person_id", pid, _("name, sex, birth date, household or death "
                                               "differ from row %(row)s") % {"row": first_row}))
        return errors

    def store(self, rows, report, write):
        data = [r.data for r in rows]
        self.townships.save({d["township_code"]: d["township_name"] for d in data}, write)
        if write:
            self._save_villages(data)
            self.households.save(list({d["household_id"]: {
                "household_id": d["household_id"], "township_id": d["township_code"],
                "village_id": d["village_code"]} for d in data}.values()))
        people = self._changes(self.people, {d["person_id"].value: {
            "person_id": d["person_id"].value, "name": d["name"], "sex": d["sex"],
            "birth_date": d["birth_date"], "household_id": d["household_id"],
            "died_on": d["died_on"]} for d in data})
        certificates = self._changes(self.certificates, {d["certificate_no"]: {
            "number": d["certificate_no"], "person_id": d["person_id"].value,
            "status": d["certificate_status"]} for d in data})
        enrolments = self._changes(self.enrolments, {(d["person_id"].value, d["scheme"],
                                                      d["year"]): self._enrolment(d)
                                                     for d in data})
        cards = self._changes(self.cards, {(d["person_id"].value, disease, d["year"]): {
            "person_id": d["person_id"].value, "disease": disease, "year": d["year"]}
            for d in data for disease in d["chronic_diseases"].split(";") if disease})
        if write:
            self.people.write(people)
            self._write_certificates(certificates)
            self.enrolments.write(enrolments)
            self.cards.write(cards)
        return self._row_counts(data, people, certificates, enrolments, cards)

    def _save_villages(self, data):
        villages = {d["village_code"]: d for d in data}
        self.villages.save([{"code": code, "township_id": d["township_code"], "name": code}
                            for code, d in villages.items() if not d["village_name"]])
        self.named_villages.save([{"code": code, "township_id": d["township_code"],
                                   "name": d["village_name"]}
                                  for code, d in villages.items() if d["village_name"]])

    @staticmethod
    def _enrolment(d: dict) -> dict:
        return {"person_id": d["person_id"].value, "scheme": d["scheme"], "year": d["year"],
                "tier": d["tier"], "household_id": d["household_id"],
                "township_id": d["township_code"], "village_id": d["village_code"],
                "categories": d["categories"], "veteran_category": d["veteran_category"],
                "certificate_id": d["certificate_no"], "enrolled_from": d["enrolled_from"],
                "enrolled_to": d["enrolled_to"]}

    @staticmethod
    def _changes(writer: TableWriter, records: dict):
        rows = list(records.values())
        return writer.compare(rows, writer.existing(r[writer.key[0]] for r in rows))

    def _write_certificates(self, changes):
        """DOMAIN.md: a certificate's status changes are kept (who, when, why)."""
        old = {key[0]: values["status"] for key, values in self.certificates.existing(
            r["number"] for r in changes.updated).items()}
        self.certificates.write(changes)
        reason = _("imported from %(file)s") % {"file": self.file_name}
        CertificateStatusChange.objects.bulk_create([
            CertificateStatusChange(certificate_id=r["number"], old_status=old.get(r["number"], ""),
                                    new_status=r["status"], changed_by=self.actor, reason=reason)
            for r in changes.to_write if old.get(r["number"], "") != r["status"]],
            batch_size=5000)

    @staticmethod
    def _row_counts(data, people, certificates, enrolments, cards) -> Counts:
        """A row is created when its enrolment is new, updated when anything it names
        changed, unchanged otherwise."""
        def enrolment_keys(rows):
            return {(r["person_id"], r["scheme"], r["year"]) for r in rows}

        created = enrolment_keys(enrolments.created)
        updated = enrolment_keys(enrolments.updated)
        touched_people = {r["person_id"] for changes in (people, certificates, cards)
                          for r in changes.to_write}
        counts = Counts()
        for d in data:
            key = (d["person_id"].value, d["scheme"], d["year"])
            if key in created:
                counts.created += 1
            elif key in updated or key[0] in touched_people:
                counts.updated += 1
            else:
                counts.unchanged += 1
        return counts


class StaffSpec(FileSpec):
    """staff.csv, key username: a Django user with an unusable password (they set one
    through the password reset), a StaffProfile, and membership of the group named after the
    role (registry.choices.Role: each role is a Django group of the same name). The bulk
    writes bypass registry.signals, so this does what its post_save does: the role's group
    only, and `is_staff` for administrators alone."""

    kind = "staff"
    key = ("username",)
    columns = (
        Column("username"),
        Column("name"),
        Column("role", parsers.choice(Role.values)),
        Column("township_code", blank=True, empty=None),
        Column("hospital_code", blank=True, empty=None),
        Column("person_id", blank=True, empty=None, required=False),
        Column("household_id", blank=True, empty=None, required=False),
    )

    def begin(self):
        user_model = get_user_model()
        self.users = TableWriter(user_model, ("username",), ("first_name", "is_staff"),
                                 insert_only=("password",))
        self.profiles = TableWriter(StaffProfile, ("user_id",), (
            "role", "township_id", "hospital_id", "person_id", "household_id"))
        self.memberships = TableWriter(user_model.groups.through, ("user_id", "group_id"), ())
        self.known = {
            "township_code": set(Township.objects.values_list("pk", flat=True)),
            "hospital_code": set(Hospital.objects.values_list("pk", flat=True)),
            "person_id": set(Person.objects.values_list("pk", flat=True)),
            "household_id": set(Household.objects.values_list("pk", flat=True)),
        }

    def row_errors(self, row):
        d = row.data
        errors = [(name, d[name], _("unknown %(column)s") % {"column": name})
                  for name, known in self.known.items() if d[name] and d[name] not in known]
        is_hospital_admin = d["role"] == Role.HOSPITAL_ADMIN
        if is_hospital_admin and not d["hospital_code"]:
            errors.append(("hospital_code", "", _("a hospital administrator needs a hospital")))
        if d["hospital_code"] and not is_hospital_admin:
            errors.append(("hospital_code", d["hospital_code"],
                           _("only hospital administrators belong to a hospital")))
        return errors

    def store(self, rows, report, write):
        data = [r.data for r in rows]
        users = self.users.compare(
            [{"username": d["username"], "first_name": d["name"],
              "is_staff": d["role"] == Role.ADMIN, "password": make_password(None)}
             for d in data], self.users.existing(d["username"] for d in data))
        if not write:
            return Counts()
        self.users.write(users)
        ids = dict(get_user_model().objects.filter(
            username__in=[d["username"] for d in data]).values_list("username", "pk"))
        profiles = self.profiles.save([
            {"user_id": ids[d["username"]], "role": d["role"], "township_id": d["township_code"],
             "hospital_id": d["hospital_code"], "person_id": d["person_id"],
             "household_id": d["household_id"]} for d in data])
        joined = self._join_role_groups({ids[d["username"]]: d["role"] for d in data})
        touched = ({r["username"] for r in users.to_write}
                   | {r["user_id"] for r in profiles.to_write} | joined)
        created = {r["username"] for r in users.created}
        counts = Counts()
        for d in data:
            if d["username"] in created:
                counts.created += 1
            elif d["username"] in touched or ids[d["username"]] in touched:
                counts.updated += 1
            else:
                counts.unchanged += 1
        return counts

    def _join_role_groups(self, roles: dict[int, str]) -> set[int]:
        """Put each user in their role's group and out of the other roles' groups; return the
        users whose membership changed."""
        groups = {role: Group.objects.get_or_create(name=role)[0].pk
                  for role in set(roles.values())}
        through = get_user_model().groups.through
        stale = through.objects.filter(user_id__in=list(roles), group__name__in=Role.values)
        removed = set()
        for user_id, group_id in stale.values_list("user_id", "group_id"):
            if groups[roles[user_id]] != group_id:
                removed.add(user_id)
                stale.filter(user_id=user_id, group_id=group_id).delete()
        added = self.memberships.save([{"user_id": user_id, "group_id": groups[role]}
                                       for user_id, role in roles.items()])
        return removed | {r["user_id"] for r in added.created}


class RelationsSpec(FileSpec):
    """relations.csv, key username + person_id: DeclaredRelation (DOMAIN.md four eyes)."""

    kind = "relations"
    key = ("username", "person_id")
    columns = (
        Column("username"),
        Column("person_id"),
        Column("relation", parsers.choice(Relation.values)),
    )

    def begin(self):
        self.user_ids = dict(get_user_model().objects.values_list("username", "pk"))
        self.people = set(Person.objects.values_list("pk", flat=True))
        self.writer = TableWriter(DeclaredRelation, ("user_id", "person_id"), ("relation",))

    def row_errors(self, row):
        d = row.data
        errors = []
        if d["username"] not in self.user_ids:
            errors.append(("username", d["username"], _("unknown user")))
        if d["person_id"] not in self.people:
            errors.append(("person_id", d["person_id"], _("unknown person")))
        return errors

    def store(self, rows, report, write):
        records = [{"user_id": self.user_ids[r.data["username"]],
                    "person_id": r.data["person_id"], "relation": r.data["relation"]}
                   for r in rows]
        changes = self.writer.compare(records, self.writer.existing(r["user_id"] for r in records))
        if write:
            self.writer.write(changes)
        return counts_of(changes)


SPECS = (HospitalsSpec, PeopleSpec, StaffSpec, RelationsSpec)
