"""What each role may do and how far it sees: one declarative table (DOMAIN.md "Who uses it").

Each role is a Django group of the same name holding the permissions below; a staff member's
StaffProfile.role puts them in that group (registry.signals). The scope column says which rows
a role sees (registry.scope applies it): its own township, its own hospital, or the county.

Why each role gets what (DOMAIN.md "Who uses it", "Approval levels for claims"):
- clerk (经办员): registers claims and their bill lines and makes the first review, so adds and
  changes claims and bill lines and records review decisions; reads the registry and referrals
  of the own township to check enrolment, certificates and referral cover.
  The clerk also revises notices sent back by the committee, drafts errata and records
  objections (notices.change_notice, add_notice, add_objection).
- township_leader (分管领导): signs claims over 1,000 yuan: reads claims and records decisions.
- county_director (县合管办主任): approves claims of 15,000 and more and approves or rejects
  hospital referrals (DOMAIN.md "Referrals"), so also changes referrals
  (workflow.decide_referral) and reviews emergency admission reports afterwards
  (workflow.review_emergencyreport).
- committee (领导小组): the final decision on claims of 30,000 and more.
- supervision_committee (监督委员会): scrutinises paid reimbursements for the monthly public
  notice, so reads claims and decisions, and changes nothing in them; approves or sends back
  the drafts of the monthly public notices and records objections taken by phone or in person
  (notices.review_notice, notices.add_objection).
- investigator: works fraud cases: reads everything in the registry and claims, the audit trail
  and declared relations (favour reimbursements), and voids or confiscates certificates
  (DOMAIN.md "Certificate lending"), which is a certificate change with a history row; works
  fraud cases from intake to decision (casework.work_case); cases are theirs alone.
- county_director also supervises the investigators: sees the case queue and assigns cases
  (casework.assign_case), without their content. Clerks and the supervision committee open a
  case from a notice objection in one click (casework.add_case).
- hospital_admin: files referrals and submits bills for the own hospital: adds claims, bill
  lines and referrals, reports emergency admissions, and reads the patients and enrolments
  those need.
- Scheme transfers (转移接续, DOMAIN.md "Referrals and transfers"): clerks file them and
  confirm the end or start of cover for their own township (workflow.confirm_schemetransfer);
  the county director does the same for an office outside the county; township leaders and
  investigators read them. The scheme merger hand-over (seed 004) is staged by the admin and
  signed by two county officers, director or leading group (registry.sign_off_schememerger).
- accountant: payment batches and the fund ledger: reads claims, decisions and enrolments,
  makes payment batches of approved claims and pays them (workflow.pay_batch).
Each reviewing role holds the permission of its approval level (workflow.review_claim_level_1
to _4); the clerk also records a claimant's appeal (workflow.appeal_claim).
- admin: users, policy tables, imports: every permission.
"""
from dataclasses import dataclass

from registry.choices import Role, ScopeKind


@dataclass(frozen=True)
class RoleSpec:
    scope: ScopeKind
    permissions: frozenset[str]


def _view(*labels: str) -> set[str]:
    """`view_<model>` permissions for model labels such as "registry.person"."""
    return {f"{label.split('.')[0]}.view_{label.split('.')[1]}" for label in labels}


def _add_change(*labels: str) -> set[str]:
    perms = set()
    for label in labels:
        app, model = label.split(".")
        perms |= {f"{app}.add_{model}", f"{app}.change_{model}"}
    return perms


REGISTRY_READ = _view("registry.township", "registry.village", "registry.household",
                      "registry.person", "registry.certificate", "registry.enrolment",
                      "registry.chronicdiseasecard", "registry.hospital")
CLAIMS_READ = _view("workflow.claim", "workflow.billline", "workflow.reviewdecision")
DECIDE = {"workflow.add_reviewdecision"}
NOTICES_READ = _view("notices.notice", "notices.noticeline", "notices.noticeprocess",
                     "notices.objection")
TRANSFER_WORK = {"workflow.view_schemetransfer", "workflow.add_schemetransfer",
                 "workflow.confirm_schemetransfer"}
MERGER_SIGN = _view("registry.schememerger") | {"registry.sign_off_schememerger"}

ROLES: dict[str, RoleSpec] = {
    Role.CLERK: RoleSpec(
        ScopeKind.TOWNSHIP,
        frozenset(REGISTRY_READ | CLAIMS_READ | DECIDE | _view("workflow.referral")
                  | _add_change("workflow.claim", "workflow.billline")
                  | {"workflow.review_claim_level_1", "workflow.appeal_claim"}
                  | NOTICES_READ
                  | {"notices.change_notice", "notices.add_notice", "notices.add_objection",
                     "casework.add_case"}
                  | TRANSFER_WORK)),
    Role.TOWNSHIP_LEADER: RoleSpec(
        ScopeKind.TOWNSHIP,
        frozenset(REGISTRY_READ | CLAIMS_READ | DECIDE
                  | _view("workflow.referral", "workflow.schemetransfer")
                  | {"workflow.review_claim_level_2"})),
    Role.COUNTY_DIRECTOR: RoleSpec(
        ScopeKind.COUNTY,
        frozenset(REGISTRY_READ | CLAIMS_READ | DECIDE
                  | _view("workflow.referral", "workflow.emergencyreport", "fraud.alert")
                  | {"workflow.change_referral", "workflow.decide_referral",
                     "workflow.review_emergencyreport", "workflow.review_claim_level_3"}
                  | {"casework.view_case", "casework.assign_case"}
                  | TRANSFER_WORK | MERGER_SIGN)),
    Role.COMMITTEE: RoleSpec(
        ScopeKind.COUNTY,
        frozenset(REGISTRY_READ | CLAIMS_READ | DECIDE | _view("workflow.referral")
                  | {"workflow.review_claim_level_4"} | MERGER_SIGN)),
    Role.SUPERVISION_COMMITTEE: RoleSpec(
        ScopeKind.COUNTY_OR_TOWNSHIP,
        frozenset(REGISTRY_READ | CLAIMS_READ | NOTICES_READ
                  | {"notices.review_notice", "notices.add_objection", "casework.add_case"})),
    Role.INVESTIGATOR: RoleSpec(
        ScopeKind.COUNTY,
        frozenset(REGISTRY_READ | CLAIMS_READ
                  | _view("workflow.referral", "workflow.schemetransfer",
                          "registry.certificatestatuschange",
                          "registry.declaredrelation", "registry.staffprofile",
                          "audit.auditentry", "fraud.alert", "notices.objection")
                  | {"registry.change_certificate", "registry.add_certificatestatuschange"}
                  | {"casework.view_case", "casework.work_case", "casework.add_case"})),
    Role.HOSPITAL_ADMIN: RoleSpec(
        ScopeKind.HOSPITAL,
        frozenset(_view("registry.person", "registry.enrolment", "registry.hospital")
                  | CLAIMS_READ
                  | _view("workflow.referral", "workflow.emergencyreport")
                  | {"workflow.add_claim", "workflow.add_billline", "workflow.add_referral",
                     "workflow.add_emergencyreport"})),
    Role.ACCOUNTANT: RoleSpec(
        ScopeKind.COUNTY,
        frozenset(REGISTRY_READ | CLAIMS_READ | _view("workflow.paymentbatch")
                  | {"workflow.add_paymentbatch", "workflow.pay_batch"})),
    Role.ADMIN: RoleSpec(ScopeKind.ALL, frozenset()),
}
"""Role -> scope and permissions. The admin's empty set means "every permission" (see below)."""

EVERY_PERMISSION = frozenset({Role.ADMIN})


def scope_kind(role: str) -> ScopeKind:
    return ROLES[role].scope


def apply_roles(apps, using: str = "default") -> None:
    """Create each role's group and set exactly its permissions; safe to run any number of times.

    Runs on post_migrate (registry.apps), so the groups exist after every `migrate`. Raises
    LookupError naming a permission that does not exist, so a typo in the table fails loudly.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename")
    }
    for role, spec in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        if role in EVERY_PERMISSION:
            wanted = set(by_name.values())
        else:
            missing = sorted(spec.permissions - by_name.keys())
            if missing:
                raise LookupError(f"Role {role}: unknown permissions {', '.join(missing)}")
            wanted = {by_name[name] for name in spec.permissions}
        group.permissions.set(wanted)
