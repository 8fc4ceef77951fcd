"""Role groups exist with the table's permissions after migrate (registry.roles)."""
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from registry.choices import Role
from registry.roles import ROLES


def _codenames(group: Group) -> set[str]:
    return {f"{app}.{codename}" for app, codename in
            group.permissions.values_list("content_type__app_label", "codename")}


def test_every_role_has_a_group_after_migrate(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_each_group_holds_exactly_its_roles_permissions(db):
    for role, spec in ROLES.items():
        if role == Role.ADMIN:
            continue
        assert _codenames(Group.objects.get(name=role)) == spec.permissions, role


def test_admin_group_holds_every_permission(db):
    assert Group.objects.get(name=Role.ADMIN).permissions.count() == Permission.objects.count()


def test_clerk_registers_claims_but_cannot_change_referrals(db):
    clerk = _codenames(Group.objects.get(name=Role.CLERK))
    assert {"workflow.add_claim", "workflow.add_billline", "workflow.add_reviewdecision"} <= clerk
    assert "workflow.change_referral" not in clerk


def test_director_approves_referrals_and_hospital_admin_files_them(db):
    assert "workflow.change_referral" in _codenames(Group.objects.get(name=Role.COUNTY_DIRECTOR))
    assert "workflow.add_referral" in _codenames(Group.objects.get(name=Role.HOSPITAL_ADMIN))


def test_supervision_committee_reads_claims_and_changes_none(db):
    perms = _codenames(Group.objects.get(name=Role.SUPERVISION_COMMITTEE))
    assert "workflow.view_claim" in perms
    assert all(".view_" in perm for perm in perms if perm.startswith(("workflow.", "registry.")))


def test_migrate_again_repairs_a_tampered_group(transactional_db):
    clerk = Group.objects.get(name=Role.CLERK)
    clerk.permissions.clear()
    clerk.permissions.add(Permission.objects.get(codename="delete_person"))
    call_command("migrate", verbosity=0)
    assert _codenames(clerk) == ROLES[Role.CLERK].permissions


def test_staff_profile_puts_the_user_in_its_role_group_only(county):
    clerk = county.staff["clerk_t01"]
    assert list(clerk.groups.values_list("name", flat=True)) == [Role.CLERK]
    assert clerk.has_perm("workflow.add_claim")
    clerk.staff.role = Role.TOWNSHIP_LEADER
    clerk.staff.save()
    assert list(clerk.groups.values_list("name", flat=True)) == [Role.TOWNSHIP_LEADER]
