"""Enumerations of the registry (CONTRACT.md columns, DOMAIN.md names)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Scheme(models.TextChoices):
    NCMS = "ncms", _("New rural cooperative medical scheme")
    URBAN_RESIDENT = "urban_resident", _("Urban resident scheme")
    URBAN_RURAL_RESIDENT = "urban_rural_resident", _("Urban-rural resident scheme")
    URBAN_EMPLOYEE = "urban_employee", _("Urban employee scheme (foreign roster)")


class Tier(models.IntegerChoices):
    TIER_1 = 1, _("Tier 1")
    TIER_2 = 2, _("Tier 2")


class Category(models.TextChoices):
    """Subsidised categories, most favourable first (DOMAIN.md: 就高原则)."""

    WUBAO = "wubao", _("Five guarantees (wubao)")
    DISABLED = "disabled", _("Disabled")
    DIBAO = "dibao", _("Minimum living allowance (dibao)")
    YOUFU = "youfu", _("Entitled veterans' groups (youfu)")
    URBAN_THREE = "urban_three", _("Urban three categories")
    STUDENT = "student", _("Student")


class VeteranCategory(models.TextChoices):
    WAR_DISABLED_7_10 = "war_disabled_7_10", _("War-disabled, grade 7-10")
    DUTY_DISABLED_7_10 = "duty_disabled_7_10", _("Duty-disabled, grade 7-10")
    MARTYR_FAMILY = "martyr_family", _("Martyr's family")
    DUTY_DEATH_FAMILY = "duty_death_family", _("Family of one who died on duty")
    ILLNESS_DEATH_FAMILY = "illness_death_family", _("Family of one who died of illness in service")
    LIBERATION_WAR_VETERAN = "liberation_war_veteran", _("Liberation-war veteran")
    OTHER_VETERAN = "other_veteran", _("Other veteran")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    LOST = "lost", _("Lost")
    VOID = "void", _("Void")
    CONFISCATED = "confiscated", _("Confiscated")


class ChronicDisease(models.TextChoices):
    BRONCHITIS = "bronchitis", _("Chronic bronchitis")
    HYPERTENSION = "hypertension", _("Hypertension")
    DIABETES = "diabetes", _("Diabetes")
    RHEUMATIC_HEART = "rheumatic_heart", _("Chronic rheumatic heart disease")
    STROKE_RECOVERY = "stroke_recovery", _("Cerebrovascular accident recovery")
    CANCER = "cancer", _("Malignant tumour")
    LUPUS = "lupus", _("Lupus")
    CIRRHOSIS = "cirrhosis", _("Cirrhosis")
    TUBERCULOSIS = "tuberculosis", _("Tuberculosis")
    FP_COMPLICATION = "fp_complication", _("Family-planning surgery complications")


class HospitalLevel(models.IntegerChoices):
    LEVEL_1 = 1, _("Level 1: village clinic or township health centre")
    LEVEL_2 = 2, _("Level 2: county hospital")
    LEVEL_3 = 3, _("Level 3: city or provincial tertiary hospital")


class HospitalKind(models.TextChoices):
    VILLAGE_CLINIC = "village_clinic", _("Village clinic")
    TOWNSHIP_HEALTH_CENTRE = "township_health_centre", _("Township health centre")
    COUNTY_HOSPITAL = "county_hospital", _("County hospital")
    CITY_HOSPITAL = "city_hospital", _("City hospital")
    PROVINCIAL_HOSPITAL = "provincial_hospital", _("Provincial hospital")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    """Staff roles (DOMAIN.md "Who uses it"); each is a Django group of the same name."""

    CLERK = "clerk", _("Township clerk")
    TOWNSHIP_LEADER = "township_leader", _("Township supervising leader")
    COUNTY_DIRECTOR = "county_director", _("County office director")
    COMMITTEE = "committee", _("Leading group (committee)")
    SUPERVISION_COMMITTEE = "supervision_committee", _("Supervision committee member")
    INVESTIGATOR = "investigator", _("Investigator")
    HOSPITAL_ADMIN = "hospital_admin", _("Hospital administrator")
    ACCOUNTANT = "accountant", _("Fund accountant")
    ADMIN = "admin", _("System administrator")


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    ACQUAINTANCE = "acquaintance", _("Acquaintance")


class ScopeKind(models.TextChoices):
    """How far a role sees (DOMAIN.md "Who uses it", column scope; registry.roles, registry.scope)."""

    TOWNSHIP = "township", _("Own township")
    HOSPITAL = "hospital", _("Own hospital")
    COUNTY = "county", _("County")
    COUNTY_OR_TOWNSHIP = "county_or_township", _("County, or own township when one is set")
    ALL = "all", _("Everything")


class MergerState(models.TextChoices):
    """A scheme merger hand-over (seed 004): rosters staged with their register, signed by a
    first officer, then by a second one, which puts the merged roster live."""

    STAGED = "staged", _("Staged")
    SIGNED_ONCE = "signed_once", _("Signed by one officer")
    LIVE = "live", _("Live")
