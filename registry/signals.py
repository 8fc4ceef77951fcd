"""Keep groups and group membership in step with the role table (registry.roles).

Signals here are true fan-out: a StaffProfile is saved by the importer, the admin and the test
fixtures alike, and every one of those doors must leave the user in exactly its role's group.
"""
from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group

from registry import roles
from registry.choices import Role


def apply_roles_after_migrate(sender, using="default", apps=global_apps, **kwargs):
    """post_migrate: make sure every app's permissions exist, then (re)build the role groups.

    Connected for the registry app only; it first creates the permissions of every model of
    every app (as django.contrib.auth does app by app, but from the live registry, so proxy
    models such as Viewflow processes are included), so the order of post_migrate calls does
    not matter.
    """
    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using, apps=global_apps)
    roles.apply_roles(apps, using=using)


def join_role_group(sender, instance, **kwargs):
    """post_save of StaffProfile: the user is in its role's group and in no other role group.

    Only the admin role may use the Django admin, so is_staff follows the role too (superusers
    keep theirs; claimdesk.admin_site checks the role as well).
    """
    user = instance.user
    if not user.is_superuser and user.is_staff != (instance.role == Role.ADMIN):
        user.is_staff = instance.role == Role.ADMIN
        user.save(update_fields=["is_staff"])
    role_groups = Group.objects.filter(name__in=list(roles.ROLES))
    user.groups.remove(*role_groups.exclude(name=instance.role))
    group, _created = Group.objects.get_or_create(name=instance.role)
    user.groups.add(group)
