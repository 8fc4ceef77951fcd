"""A small county for tests: two townships, hospitals of every level, people, staff.

Personas are named by what they are (`clerk_t01`, `leader_t02`, ...), so a test reads
as a story. Build it with `SmallCounty.build()`; everything is created in the database.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from registry import resident_id
from registry.choices import Role
from registry.models import (
    Certificate, Enrolment, Hospital, Household, Person, StaffProfile, Township, Village,
)

PASSWORD = "Claimdesk-test-2025"


@functools.cache
def password_hash() -> str:
    """The personas' shared password, hashed once per run: PBKDF2 is slow on purpose."""
    return make_password(PASSWORD)


@dataclass
class SmallCounty:
    year: int
    townships: dict = field(default_factory=dict)
    villages: dict = field(default_factory=dict)
    hospitals: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    staff: dict = field(default_factory=dict)

    @classmethod
    def build(cls, year: int = 2025) -> "SmallCounty":
        county = cls(year=year)
        county._places()
        county._hospitals()
        county._people()
        county._staff()
        return county

    def _places(self):
        for code, name in [("T01", "东河镇"), ("T02", "西山乡")]:
            township = Township.objects.create(code=code, name=name)
            self.townships[code] = township
            for n in (1, 2):
                vcode = f"{code}V{n:02d}"
                self.villages[vcode] = Village.objects.create(
                    code=vcode, township=township, name=f"{name}{n}村")

    def _hospitals(self):
        rows = [
            ("H1T01", "东河镇卫生院", 1, "township_health_centre", True, True, "T01"),
            ("H1T02", "西山乡卫生院", 1, "township_health_centre", True, True, "T02"),
            ("H2", "县人民医院", 2, "county_hospital", True, True, None),
            ("H3", "市第一人民医院", 3, "city_hospital", True, False, None),
            ("HP", "康宁私立医院", 2, "other", False, True, None),
        ]
        for code, name, level, kind, nonprofit, in_county, township in rows:
            self.hospitals[code] = Hospital.objects.create(
                code=code, name=name, level=level, kind=kind, nonprofit=nonprofit,
                in_county=in_county, township_id=township)

    def add_person(self, key: str, name: str, sex: str, birth: dt.date, village: str,
                   tier: int = 1, household: str | None = None, **enrolment) -> Person:
        """Create a person with a household, a valid certificate and a year's enrolment."""
        village_obj = self.villages[village]
        seq = len(self.people) + 1
        pid = resident_id.make("510101", birth, seq, sex)
        hh, _ = Household.objects.get_or_create(
            household_id=household or f"HH{seq:04d}",
            defaults={"township": village_obj.township, "village": village_obj})
        person = Person.objects.create(person_id=pid, name=name, sex=sex, birth_date=birth,
                                       household=hh)
        cert = Certificate.objects.create(number=f"C{seq:06d}", person=person)
        Enrolment.objects.create(
            person=person, scheme=enrolment.pop("scheme", "ncms"), year=self.year, tier=tier,
            household=hh, township=village_obj.township, village=village_obj,
            certificate=cert, enrolled_from=dt.date(self.year, 1, 1),
            enrolled_to=dt.date(self.year, 12, 31), **enrolment)
        self.people[key] = person
        return person

    def _people(self):
        self.add_person("zhang_wei", "张伟", "M", dt.date(1970, 3, 4), "T01V01")
        self.add_person("li_na", "李娜", "F", dt.date(1985, 7, 9), "T01V02", tier=2)
        self.add_person("ouyang_xiu", "欧阳修文", "M", dt.date(1950, 1, 2), "T02V01")
        self.add_person("wang_xiaoming", "王小明", "M", dt.date(2015, 6, 1), "T02V02", tier=2)

    def add_staff(self, username: str, role: str, township: str | None = None,
                  hospital: str | None = None, person: Person | None = None):
        user = get_user_model().objects.create(username=username, password=password_hash())
        StaffProfile.objects.create(user=user, role=role, township_id=township,
                                    hospital_id=hospital, person=person,
                                    household=person.household if person else None,
                                    language="en")
        self.staff[username] = user
        return user

    def _staff(self):
        self.add_staff("clerk_t01", Role.CLERK, township="T01")
        self.add_staff("clerk_t02", Role.CLERK, township="T02")
        self.add_staff("leader_t01", Role.TOWNSHIP_LEADER, township="T01")
        self.add_staff("leader_t02", Role.TOWNSHIP_LEADER, township="T02")
        self.add_staff("director", Role.COUNTY_DIRECTOR)
        self.add_staff("committee", Role.COMMITTEE)
        self.add_staff("supervisor", Role.SUPERVISION_COMMITTEE)
        self.add_staff("investigator", Role.INVESTIGATOR)
        self.add_staff("hospital_admin_h2", Role.HOSPITAL_ADMIN, hospital="H2")
        self.add_staff("hospital_admin_h3", Role.HOSPITAL_ADMIN, hospital="H3")
        self.add_staff("accountant", Role.ACCOUNTANT)
        self.add_staff("admin", Role.ADMIN)
