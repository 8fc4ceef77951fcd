"""Users are deactivated, never deleted (issue 9): no admin page, bulk action, queryset or
cascade removes one, and a deactivated user can neither sign in nor see anything."""
import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.signals import UserDeletionRefused
from registry.models import Person, StaffProfile
from registry.scope import restrict
from tests.county import PASSWORD

User = get_user_model()


def test_deleting_a_user_is_refused_and_changes_nothing(county):
    clerk = county.staff["clerk_t01"]
    with pytest.raises(UserDeletionRefused), transaction.atomic():
        clerk.delete()
    with pytest.raises(UserDeletionRefused), transaction.atomic():
        User.objects.filter(username__startswith="clerk").delete()
    assert User.objects.filter(username__startswith="clerk").count() == 2
    assert StaffProfile.objects.filter(user=clerk).exists()


def test_the_admin_offers_no_delete(county, client):
    client.force_login(county.staff["admin"])
    clerk = county.staff["clerk_t01"]
    assert client.get(f"/admin/auth/user/{clerk.pk}/delete/").status_code == 403
    changelist = client.get("/admin/auth/user/").content.decode()
    assert "delete_selected" not in changelist
    response = client.post("/admin/auth/user/", {
        "action": "delete_selected", "_selected_action": [clerk.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    assert User.objects.filter(pk=clerk.pk).exists()


def test_a_deactivated_user_cannot_sign_in_or_see_rows(county, client):
    clerk = county.staff["clerk_t01"]
    clerk.is_active = False
    clerk.save()
    response = client.post("/accounts/login/", {"username": "clerk_t01", "password": PASSWORD})
    assert not response.wsgi_request.user.is_authenticated
    assert not restrict(Person.objects.all(), clerk).exists()
